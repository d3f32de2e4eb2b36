#!/usr/bin/env python3
"""Generate ``critique_coder/sample/problems.jsonl``.

Every problem below is an original statement with a reference solution, an
independently written brute-force solution (kept here only, used for
cross-checking) and seeded test-input generators.  Expected outputs are never
typed by hand: they are produced by running the reference solution on each
input.  The script fails loudly if any program errors, if the reference and
the brute force disagree, or if size limits are exceeded.  Output is
deterministic.

Usage: python tools/make_sample.py [output_path]
"""
import hashlib
import json
import os
import random
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUT = os.path.join(ROOT, "critique_coder", "sample", "problems.jsonl")
MAX_INPUT_BYTES = 20 * 1024
MAX_FILE_BYTES = 600 * 1024
N_CHECKS = 30  # extra random small inputs per problem, brute-force cross-check only

PROBLEMS = []


def code(s):
    return textwrap.dedent(s).strip("\n") + "\n"


def problem(**kw):
    kw["statement"] = textwrap.dedent(kw["statement"]).strip()
    kw["solution"] = code(kw["solution"])
    kw["brute"] = code(kw["brute"])
    PROBLEMS.append(kw)


def T(inp):
    """A test that is also cross-checked against the brute force."""
    return (inp, True)


def B(inp):
    """A test too big for the brute force (reference only)."""
    return (inp, False)


def rows(*lines):
    return "\n".join(str(x) for x in lines) + "\n"


def arr(a):
    return " ".join(map(str, a))


# ---------------------------------------------------------------------------
# 001 (easy)
# ---------------------------------------------------------------------------
def _gen(r):
    mk = lambda a: rows(len(a), arr(a))
    return [
        T(mk([3, 1, 4, 1, 5, 9])),
        T(mk([7])),
        T(mk([5] * 10)),
        T(mk(list(range(10, 0, -1)))),
        T(mk([10**9, 1, 10**9])),
        T(mk([r.randint(1, 10) for _ in range(200)])),
        T(mk([r.randint(1, 10**9) for _ in range(800)])),
        T(mk(list(range(1, 1501)))),
    ]


def _chk(r):
    return [rows(n, arr(r.randint(1, 5) for _ in range(n)))
            for n in (r.randint(1, 8) for _ in range(N_CHECKS))]


problem(
    slug="lantern-parade", title="Lantern Parade", difficulty="easy",
    tags=["arrays", "implementation"],
    statement="""
    On the night of the river festival, `n` paper lanterns float past the bridge one after
    another. Lantern `i` has brightness `b_i`. Little Mei stands on the bridge and cheers every
    time a lantern appears that is **strictly brighter** than every lantern she has seen before
    it. She always cheers for the very first lantern.

    How many times does Mei cheer?

    ## Input

    The first line contains an integer `n` — the number of lanterns.
    The second line contains `n` integers `b_1, b_2, …, b_n` — the brightness values in the
    order the lanterns pass the bridge.

    ## Output

    Print one integer — the number of cheers.

    ## Constraints

    - `1 ≤ n ≤ 2·10^5`
    - `1 ≤ b_i ≤ 10^9`
    """,
    example_note="Mei cheers for the lanterns with brightness 3, 4, 5 and 9. The second lantern "
                 "with brightness 1 and the fourth one are not brighter than what she has already seen.",
    example_expect="4\n",
    solution=r'''
    import sys

    def main():
        data = sys.stdin.buffer.read().split()
        n = int(data[0])
        best = 0
        cheers = 0
        for x in map(int, data[1:1 + n]):
            if x > best:
                best = x
                cheers += 1
        print(cheers)

    main()
    ''',
    brute=r'''
    import sys
    d = sys.stdin.read().split()
    n = int(d[0]); b = [int(x) for x in d[1:1 + n]]
    print(sum(1 for i in range(n) if all(b[j] < b[i] for j in range(i))))
    ''',
    gen=_gen, checks=_chk,
)


# ---------------------------------------------------------------------------
# 002 (easy)
# ---------------------------------------------------------------------------
def _gen(r):
    def mk(pairs):
        return rows(len(pairs), *[f"{p} {m}" for p, m in pairs])
    big = []
    for _ in range(600):
        p = r.randint(1, 10**9)
        big.append((p, r.randint(p, min(10**9, p + r.choice([10, 1000, 10**6, 10**9])))))
    return [
        T(mk([(37, 50), (120, 500), (7, 7)])),
        T(mk([(1, 1)])),
        T(mk([(1, 5), (10, 14), (3, 12), (1, 389)])),
        T(mk([(5, 5 + c) for c in (3, 4, 6, 8, 9, 199, 388, 399)])),
        B(mk([(1, 10**9), (10**9, 10**9), (123456789, 987654321)])),
        T(mk([(p, p + r.randint(0, 2000)) for p in (r.randint(1, 10**9) for _ in range(300))])),
        B(mk(big)),
    ]


def _chk(r):
    out = []
    for _ in range(N_CHECKS):
        k = r.randint(1, 6)
        ps = []
        for _ in range(k):
            p = r.randint(1, 1000)
            ps.append(f"{p} {p + r.randint(0, 1500)}")
        out.append(rows(k, *ps))
    return out


problem(
    slug="bakery-change", title="Change at the Bakery", difficulty="easy",
    tags=["greedy", "math"],
    statement="""
    The corner bakery keeps coins of values 1, 2, 5, 10, 20, 50, 100 and 200 in its till, and it
    never runs out of any of them. The baker dislikes heavy pockets, so whenever a customer pays,
    she gives the change using the **smallest possible number of coins**.

    For each of `t` customers you know the price `p` of their order and the amount `m` they
    handed over. Determine how many coins the baker gives back to each customer.

    ## Input

    The first line contains an integer `t` — the number of customers.
    Each of the next `t` lines contains two integers `p` and `m` — the price and the amount paid.

    ## Output

    For each customer print one line with the minimum number of coins in their change.

    ## Constraints

    - `1 ≤ t ≤ 10^4`
    - `1 ≤ p ≤ m ≤ 10^9`
    """,
    example_note="The first customer gets 13 = 10 + 2 + 1 (three coins). The second gets "
                 "380 = 200 + 100 + 50 + 20 + 10 (five coins). The third paid exactly and gets nothing.",
    example_expect="3\n5\n0\n",
    solution=r'''
    import sys

    COINS = (200, 100, 50, 20, 10, 5, 2, 1)

    def main():
        data = sys.stdin.buffer.read().split()
        t = int(data[0])
        out = []
        for i in range(t):
            p = int(data[1 + 2 * i]); m = int(data[2 + 2 * i])
            change = m - p
            count = 0
            for c in COINS:
                count += change // c
                change %= c
            out.append(str(count))
        sys.stdout.write("\n".join(out) + "\n")

    main()
    ''',
    brute=r'''
    import sys
    d = sys.stdin.read().split()
    t = int(d[0])
    pairs = [(int(d[1 + 2 * i]), int(d[2 + 2 * i])) for i in range(t)]
    top = max(m - p for p, m in pairs)
    INF = float("inf")
    best = [0] + [INF] * top
    for v in range(1, top + 1):
        for c in (1, 2, 5, 10, 20, 50, 100, 200):
            if c <= v and best[v - c] + 1 < best[v]:
                best[v] = best[v - c] + 1
    for p, m in pairs:
        print(best[m - p])
    ''',
    gen=_gen, checks=_chk,
)


# ---------------------------------------------------------------------------
# 003 (easy)
# ---------------------------------------------------------------------------
def _word(r, lo=1, hi=10):
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return "".join(r.choice(letters) for _ in range(r.randint(lo, hi)))


def _gen(r):
    big = " ".join(_word(r) for _ in range(2000))
    spaced = "".join(_word(r, 1, 6) + " " * r.randint(1, 3) for _ in range(300)).rstrip()
    return [
        T("The quick brown fox jumps over the lazy dog\n"),
        T("rhythm\n"),
        T("myth gym crypt lynx\n"),
        T("bcd AEIOU aeiou Queueing\n"),
        T("  moon   soon    noon  \n"),
        T("a\n"),
        T(spaced + "\n"),
        T(big + "\n"),
    ]


def _chk(r):
    out = []
    for _ in range(N_CHECKS):
        ws = ["".join(r.choice("aeiouAEbcdxyzQ") for _ in range(r.randint(1, 5)))
              for _ in range(r.randint(1, 7))]
        out.append(" ".join(ws) + "\n")
    return out


problem(
    slug="loudest-word", title="The Town Crier's Loudest Word", difficulty="easy",
    tags=["strings", "implementation"],
    statement="""
    The town crier believes that vowels carry a voice furthest. Before each announcement he looks
    at the text and picks the word that contains the **most vowels** to shout extra loudly.
    The vowels are `a`, `e`, `i`, `o`, `u` in either case; the letter `y` is not a vowel. If
    several words share the largest vowel count, he picks the one that appears **first**.

    Given the announcement, print the word he shouts.

    ## Input

    A single line containing the announcement. It consists of English letters and spaces only.
    Words are maximal runs of letters; they may be separated by one or more spaces, and the line
    may have leading or trailing spaces. There is at least one word.

    ## Output

    Print the chosen word exactly as it appears in the text (keep its letter case).

    ## Constraints

    - The line has at most `10^5` characters.
    """,
    example_note="`quick` and `over` both contain two vowels, the most of any word; `quick` comes first.",
    example_expect="quick\n",
    solution=r'''
    import sys

    def main():
        words = sys.stdin.read().split()
        vowels = set("aeiouAEIOU")
        best_word, best_count = None, -1
        for w in words:
            c = sum(1 for ch in w if ch in vowels)
            if c > best_count:
                best_word, best_count = w, c
        print(best_word)

    main()
    ''',
    brute=r'''
    import sys
    line = sys.stdin.readline().rstrip("\n")
    words = [w for w in line.split(" ") if w]
    def key(iw):
        i, w = iw
        return (len([ch for ch in w.lower() if ch in "aeiou"]), -i)
    print(max(enumerate(words), key=key)[1])
    ''',
    gen=_gen, checks=_chk,
)


# ---------------------------------------------------------------------------
# 004 (easy)
# ---------------------------------------------------------------------------
def _gen(r):
    mk = lambda qs: rows(len(qs), *[f"{n} {k} {t}" for n, k, t in qs])
    big = [(r.randint(0, 10**18), r.randint(1, 10**18 if r.random() < 0.3 else 10**6),
            r.randint(1, 10**9)) for _ in range(300)]
    return [
        T(mk([(10, 4, 5), (0, 3, 7), (4, 4, 1)])),
        T(mk([(1, 1, 1)])),
        T(mk([(0, 1, 1000000000)])),
        T(mk([(5, 1, 3), (5, 5, 3), (6, 5, 3), (9, 10, 2), (12, 4, 1)])),
        B(mk([(10**18, 1, 10**9), (10**18, 10**18, 10**9), (10**18 - 1, 2, 7)])),
        T(mk([(r.randint(0, 300), r.randint(1, 40), r.randint(1, 1000)) for _ in range(200)])),
        B(mk(big)),
    ]


def _chk(r):
    return [rows(q, *[f"{r.randint(0, 30)} {r.randint(1, 8)} {r.randint(1, 9)}" for _ in range(q)])
            for q in (r.randint(1, 5) for _ in range(N_CHECKS))]


problem(
    slug="ferry-crossings", title="The Little Ferry", difficulty="easy",
    tags=["math"],
    statement="""
    A small ferry shuttles travellers across a river. It can carry at most `k` passengers at a
    time, and one crossing of the river — in either direction — takes exactly `t` minutes.

    At time 0, `n` passengers and the ferry are on the west bank. The ferry repeatedly takes as
    many waiting passengers as it can to the east bank; if anyone is still waiting on the west
    bank, it immediately sails back empty to fetch them. Loading and unloading take no time.

    For each scenario, find the moment the last passenger reaches the east bank
    (0 if there are no passengers).

    ## Input

    The first line contains an integer `q` — the number of scenarios.
    Each of the next `q` lines contains three integers `n`, `k` and `t`.

    ## Output

    For each scenario print the answer on its own line.

    ## Constraints

    - `1 ≤ q ≤ 10^4`
    - `0 ≤ n ≤ 10^18`, `1 ≤ k ≤ 10^18`, `1 ≤ t ≤ 10^9`
    """,
    example_note="In the first scenario the ferry makes three trips east (4 + 4 + 2 passengers) and two "
                 "trips back, five crossings of 5 minutes each.",
    example_expect="25\n0\n1\n",
    solution=r'''
    import sys

    def main():
        data = sys.stdin.buffer.read().split()
        q = int(data[0])
        out = []
        for i in range(q):
            n, k, t = (int(x) for x in data[1 + 3 * i: 4 + 3 * i])
            if n == 0:
                out.append("0")
            else:
                trips = (n + k - 1) // k
                out.append(str((2 * trips - 1) * t))
        sys.stdout.write("\n".join(out) + "\n")

    main()
    ''',
    brute=r'''
    import sys
    d = sys.stdin.read().split()
    q = int(d[0])
    for i in range(q):
        n, k, t = int(d[1 + 3 * i]), int(d[2 + 3 * i]), int(d[3 + 3 * i])
        west, clock = n, 0
        while west > 0:
            west -= min(k, west)
            clock += t
            if west > 0:
                clock += t
        print(clock)
    ''',
    gen=_gen, checks=_chk,
)


# ---------------------------------------------------------------------------
# 005 (easy)
# ---------------------------------------------------------------------------
def _gen(r):
    mk = lambda a: rows(len(a), arr(a))
    walk = [0]
    for _ in range(1499):
        walk.append(walk[-1] + r.choice([-3, -1, 1, 2, 4, 5, 0]))
    return [
        T(mk([3, 5, 7, 7, 8, 9, 10, 2])),
        T(mk([-4])),
        T(mk([2, 2, 2, 2])),
        T(mk([-10**9, 0, 10**9])),
        T(mk(list(range(50, 0, -1)))),
        T(mk([r.randint(-5, 5) for _ in range(300)])),
        T(mk(walk)),
        T(mk([r.randint(-10**9, 10**9) for _ in range(500)] + list(range(-500, 500)))),
    ]


def _chk(r):
    return [rows(n, arr(r.randint(-3, 3) for _ in range(n))) for n in (r.randint(1, 9) for _ in range(N_CHECKS))]


problem(
    slug="warming-streak", title="Warming Streak", difficulty="easy",
    tags=["arrays", "two pointers"],
    statement="""
    A weather station logged the noon temperature for `n` consecutive days. The station's
    newsletter wants to report the longest *warming streak*: the largest number of consecutive
    days such that every day in the streak (except the first) was **strictly warmer** than the
    day before it. A single day on its own is a streak of length 1.

    ## Input

    The first line contains an integer `n`. The second line contains `n` integers
    `t_1, …, t_n` — the temperatures in chronological order.

    ## Output

    Print the length of the longest warming streak.

    ## Constraints

    - `1 ≤ n ≤ 2·10^5`
    - `-10^9 ≤ t_i ≤ 10^9`
    """,
    example_note="Days 4–7 (temperatures 7, 8, 9, 10) form a streak of length 4. "
                 "The first three days form a streak of length 3; the repeated 7 breaks it.",
    example_expect="4\n",
    solution=r'''
    import sys

    def main():
        data = sys.stdin.buffer.read().split()
        n = int(data[0])
        t = list(map(int, data[1:1 + n]))
        best = cur = 1
        for i in range(1, n):
            cur = cur + 1 if t[i] > t[i - 1] else 1
            if cur > best:
                best = cur
        print(best)

    main()
    ''',
    brute=r'''
    import sys
    d = sys.stdin.read().split()
    n = int(d[0]); t = [int(x) for x in d[1:1 + n]]
    best = 0
    for i in range(n):
        j = i
        while j + 1 < n and t[j] < t[j + 1]:
            j += 1
        best = max(best, j - i + 1)
    print(best)
    ''',
    gen=_gen, checks=_chk,
)


# ---------------------------------------------------------------------------
# 006 (easy)
# ---------------------------------------------------------------------------
def _fmt_time(m):
    return f"{m // 60:02d}:{m % 60:02d}"


def _gen(r):
    mk = lambda ts: rows(len(ts), *ts)
    return [
        T(mk(["12:20", "05:50", "23:33"])),
        T(mk(["00:00"])),
        T(mk(["23:59"])),
        T(mk(["05:51", "06:00", "09:59", "10:00", "10:01", "15:52", "19:59", "23:32"])),
        T(mk([_fmt_time(r.randrange(1440)) for _ in range(100)])),
        T(mk([_fmt_time(m) for m in range(1440)])),
        T(mk([_fmt_time(r.randrange(1440)) for _ in range(1500)])),
    ]


def _chk(r):
    return [rows(q, *[_fmt_time(r.randrange(1440)) for _ in range(q)]) for q in (r.randint(1, 6) for _ in range(N_CHECKS))]


problem(
    slug="palindrome-clock", title="Palindrome O'Clock", difficulty="easy",
    tags=["implementation", "simulation", "strings"],
    statement="""
    Ravi's bedside clock shows the time in 24-hour format `HH:MM`, from `00:00` to `23:59`, and
    after `23:59` it rolls over to `00:00`. Ravi considers a moment lucky when the four digits
    `HHMM` read the same forwards and backwards — for example `12:21`, `05:50` and `00:00`.

    For several moments, tell Ravi how many minutes he has to wait until the clock next shows a
    lucky time. If the clock already shows a lucky time, the answer is 0.

    ## Input

    The first line contains an integer `q` — the number of moments.
    Each of the next `q` lines contains a time in the format `HH:MM`.

    ## Output

    For each moment print the number of minutes to wait, one per line.

    ## Constraints

    - `1 ≤ q ≤ 10^4`
    - Every time is valid: `00 ≤ HH ≤ 23`, `00 ≤ MM ≤ 59`.
    """,
    example_note="From 12:20 the next lucky time is 12:21. 05:50 is already lucky. "
                 "From 23:33 the clock must roll over to 00:00, which is 27 minutes later.",
    example_expect="1\n0\n27\n",
    solution=r'''
    import sys

    def is_lucky(m):
        s = "%02d%02d" % (m // 60, m % 60)
        return s == s[::-1]

    def main():
        data = sys.stdin.read().split()
        q = int(data[0])
        out = []
        for tok in data[1:1 + q]:
            hh, mm = tok.split(":")
            cur = int(hh) * 60 + int(mm)
            wait = 0
            while not is_lucky((cur + wait) % 1440):
                wait += 1
            out.append(str(wait))
        sys.stdout.write("\n".join(out) + "\n")

    main()
    ''',
    brute=r'''
    import sys
    lucky = []
    for h in range(24):
        for m in range(60):
            digits = str(h).zfill(2) + str(m).zfill(2)
            if digits[0] == digits[3] and digits[1] == digits[2]:
                lucky.append(h * 60 + m)
    lines = sys.stdin.read().split("\n")
    q = int(lines[0])
    for line in lines[1:1 + q]:
        h, m = map(int, line.strip().split(":"))
        now = 60 * h + m
        print(min((x - now) % 1440 for x in lucky))
    ''',
    gen=_gen, checks=_chk,
)


# ---------------------------------------------------------------------------
# 007 (easy)
# ---------------------------------------------------------------------------
def _gen(r):
    mk = lambda a: rows(len(a), arr(a))
    return [
        T(mk([1, 2, 3, 4, 5])),
        T(mk([8])),
        T(mk([3, 6])),
        T(mk([2, 4, 6, 8, 10, 12])),
        T(mk([10**9, 10**9 - 1, 10**9, 1, 1])),
        T(mk([r.randint(1, 100) for _ in range(300)])),
        T(mk([r.randint(1, 10**9) for _ in range(1000)])),
        B(mk([r.choice([1, 2, 3]) for _ in range(3000)])),
    ]


def _chk(r):
    return [rows(n, arr(r.randint(1, 9) for _ in range(n))) for n in (r.randint(1, 9) for _ in range(N_CHECKS))]


problem(
    slug="even-pairs", title="Even Pairs on the Shelf", difficulty="easy",
    tags=["math", "counting"],
    statement="""
    A librarian wants to bind two books of a shelf into a single volume, but the binding machine
    only works when the combined number of pages is **even**. The shelf holds `n` books; book `i`
    has `a_i` pages.

    Count the number of ways to choose two different books (order does not matter) whose page
    counts add up to an even number.

    ## Input

    The first line contains an integer `n`. The second line contains `n` integers `a_1, …, a_n`.

    ## Output

    Print the number of suitable pairs.

    ## Constraints

    - `1 ≤ n ≤ 2·10^5`
    - `1 ≤ a_i ≤ 10^9`
    """,
    example_note="The suitable pairs are (1, 3), (1, 5), (3, 5) — odd plus odd — and (2, 4).",
    example_expect="4\n",
    solution=r'''
    import sys

    def main():
        data = sys.stdin.buffer.read().split()
        n = int(data[0])
        odd = sum(1 for x in data[1:1 + n] if int(x) % 2 == 1)
        even = n - odd
        print(odd * (odd - 1) // 2 + even * (even - 1) // 2)

    main()
    ''',
    brute=r'''
    import sys
    d = sys.stdin.read().split()
    n = int(d[0]); a = [int(x) for x in d[1:1 + n]]
    print(sum(1 for i in range(n) for j in range(i + 1, n) if (a[i] + a[j]) % 2 == 0))
    ''',
    gen=_gen, checks=_chk,
)


# ---------------------------------------------------------------------------
# 008 (easy, floating point)
# ---------------------------------------------------------------------------
def _gen(r):
    mk = lambda a: rows(len(a), arr(a))
    return [
        T(mk([7, 3, 9, 3, 10])),
        T(mk([4, 5, 6])),
        T(mk([0, 0, 0])),
        T(mk([1000000, 1000000, 1000000, 1000000])),
        T(mk([0, 1, 1, 2, 1000000, 1000000, 1000000])),
        T(mk([r.randint(0, 10) for _ in range(29)])),
        T(mk([r.randint(0, 10**6) for _ in range(1501)])),
        T(mk([r.randint(999000, 10**6) for _ in range(997)])),
    ]


def _chk(r):
    return [rows(n, arr(r.randint(0, 20) for _ in range(n))) for n in (r.choice([3, 4, 5, 8, 9, 11]) for _ in range(N_CHECKS))]


problem(
    slug="trimmed-mean", title="Judges' Trimmed Mean", difficulty="easy",
    tags=["math", "floating point"],
    statement="""
    At the regional gymnastics meet, every routine is scored by `n` judges. To soften the effect
    of a single overly strict or overly generous judge, the official score is computed like this:
    remove **one** lowest score and **one** highest score (only one copy each, even if the value
    appears several times), then take the arithmetic mean of the remaining `n − 2` scores.

    Compute the official score of a routine.

    ## Input

    The first line contains an integer `n`. The second line contains `n` integers — the judges'
    scores.

    ## Output

    Print the official score with **exactly 6 digits** after the decimal point.

    ## Constraints

    - `3 ≤ n ≤ 10^5`
    - `0 ≤ score ≤ 10^6`
    - The test data is chosen so that the exact mean is never halfway between two numbers with
      6 decimal places, so rounding to the nearest value is unambiguous.
    """,
    example_note="One 3 and the 10 are removed; the mean of 7, 9 and 3 is 19 / 3 = 6.333333…",
    example_expect="6.333333\n",
    solution=r'''
    import sys

    def main():
        data = sys.stdin.buffer.read().split()
        n = int(data[0])
        a = list(map(int, data[1:1 + n]))
        total = sum(a) - min(a) - max(a)
        print("%.6f" % (total / (n - 2)))

    main()
    ''',
    brute=r'''
    import sys
    from fractions import Fraction
    d = sys.stdin.read().split()
    n = int(d[0]); a = sorted(int(x) for x in d[1:1 + n])
    mean = Fraction(sum(a[1:-1]), n - 2)
    scaled = mean * 10**6
    whole = scaled.numerator // scaled.denominator
    frac = scaled - whole
    if frac == Fraction(1, 2):
        print("AMBIGUOUS-ROUNDING")
        sys.exit(0)
    if frac > Fraction(1, 2):
        whole += 1
    print(str(whole // 10**6) + "." + str(whole % 10**6).zfill(6))
    ''',
    gen=_gen, checks=_chk,
)


# ---------------------------------------------------------------------------
# 009 (medium)
# ---------------------------------------------------------------------------
def _gen(r):
    def mk(a, qs):
        return rows(f"{len(a)} {len(qs)}", arr(a), *[f"{l} {rr}" for l, rr in qs])

    def rq(n, q):
        out = []
        for _ in range(q):
            l = r.randint(1, n); rr = r.randint(1, n)
            out.append((min(l, rr), max(l, rr)))
        return out
    n = 800
    a = [r.randint(0, 10**5) for _ in range(n)]
    return [
        T(mk([4, 2, 7, 1, 3], [(1, 3), (2, 2), (1, 5)])),
        T(mk([0], [(1, 1)])),
        T(mk([10**9] * 6, [(1, 6), (3, 4), (6, 6)])),
        T(mk([5, 0, 0, 5], [(2, 3), (1, 4), (1, 1), (4, 4)])),
        T(mk([r.randint(0, 9) for _ in range(50)], rq(50, 40))),
        T(mk(a, rq(n, 800))),
        T(mk([10**9 - i for i in range(300)], [(1, 300)] * 5 + rq(300, 200))),
    ]


def _chk(r):
    out = []
    for _ in range(N_CHECKS):
        n = r.randint(1, 8); q = r.randint(1, 6)
        qs = []
        for _ in range(q):
            l = r.randint(1, n); rr = r.randint(l, n)
            qs.append(f"{l} {rr}")
        out.append(rows(f"{n} {q}", arr(r.randint(0, 20) for _ in range(n)), *qs))
    return out


problem(
    slug="harvest-queries", title="Orchard Harvest Queries", difficulty="medium",
    tags=["prefix sums"],
    statement="""
    A long row of `n` apple trees runs along the edge of an orchard; tree `i` produced `y_i`
    kilograms of apples this season. The orchard's accountant receives `q` questions of the form
    "how many kilograms did trees `l` through `r` produce in total?" and must answer all of them
    quickly.

    ## Input

    The first line contains two integers `n` and `q`.
    The second line contains `n` integers `y_1, …, y_n`.
    Each of the next `q` lines contains two integers `l` and `r` (1-based, inclusive).

    ## Output

    For each question print the total yield of trees `l..r` on its own line.

    ## Constraints

    - `1 ≤ n, q ≤ 2·10^5`
    - `0 ≤ y_i ≤ 10^9`
    - `1 ≤ l ≤ r ≤ n`
    """,
    example_note="4 + 2 + 7 = 13; tree 2 alone gives 2; all five trees give 17.",
    example_expect="13\n2\n17\n",
    solution=r'''
    import sys

    def main():
        data = sys.stdin.buffer.read().split()
        n, q = int(data[0]), int(data[1])
        pref = [0] * (n + 1)
        for i in range(n):
            pref[i + 1] = pref[i] + int(data[2 + i])
        out = []
        pos = 2 + n
        for _ in range(q):
            l, r = int(data[pos]), int(data[pos + 1])
            pos += 2
            out.append(str(pref[r] - pref[l - 1]))
        sys.stdout.write("\n".join(out) + "\n")

    main()
    ''',
    brute=r'''
    import sys
    lines = sys.stdin.read().strip().split("\n")
    n, q = map(int, lines[0].split())
    y = list(map(int, lines[1].split()))
    for line in lines[2:2 + q]:
        l, r = map(int, line.split())
        total = 0
        for i in range(l - 1, r):
            total += y[i]
        print(total)
    ''',
    gen=_gen, checks=_chk,
)


# ---------------------------------------------------------------------------
# 010 (medium)
# ---------------------------------------------------------------------------
def _grid_text(g):
    return rows(f"{len(g)} {len(g[0])}", *["".join(row) for row in g])


def _random_grid(r, R, C, p):
    g = [["#" if r.random() < p else "." for _ in range(C)] for _ in range(R)]
    cells = [(i, j) for i in range(R) for j in range(C)]
    s, e = r.sample(cells, 2)
    g[s[0]][s[1]] = "S"; g[e[0]][e[1]] = "E"
    return g


def _reachable(g):
    R, C = len(g), len(g[0])
    seen = {(0, 0)}
    stack = [(0, 0)]
    while stack:
        i, j = stack.pop()
        for a, b in ((i + 1, j), (i - 1, j), (i, j + 1), (i, j - 1)):
            if 0 <= a < R and 0 <= b < C and g[a][b] != "#" and (a, b) not in seen:
                seen.add((a, b)); stack.append((a, b))
    return (R - 1, C - 1) in seen


def _gen(r):
    serp = []
    R, C = 61, 100
    for i in range(R):
        if i % 2 == 0:
            serp.append(["."] * C)
        else:
            row = ["#"] * C
            row[C - 1 if i % 4 == 1 else 0] = "."
            serp.append(row)
    serp[0][0] = "S"; serp[R - 1][C - 1] = "E"
    while True:  # a dense random greenhouse in which E is still reachable
        big = [["#" if r.random() < 0.36 else "." for _ in range(100)] for _ in range(100)]
        big[0][0] = "S"; big[99][99] = "E"
        if _reachable(big):
            break
    walled = [list(".........."), list(".###......"), list(".#S#......"), list(".###.....E")]
    return [
        T(_grid_text([list("S..#."), list(".#..."), list(".#.#."), list("...#E")])),
        T(_grid_text([list("SE")])),
        T(_grid_text([list("S"), list("#"), list("E")])),
        T(_grid_text(walled)),
        T(_grid_text(_random_grid(r, 12, 15, 0.25))),
        B(_grid_text(serp)),
        B(_grid_text(big)),
    ]


def _chk(r):
    return [_grid_text(_random_grid(r, r.randint(1, 6), r.randint(2, 6), 0.3)) for _ in range(N_CHECKS)]


problem(
    slug="greenhouse-maze", title="Greenhouse Maze", difficulty="medium",
    tags=["graphs", "bfs", "grid"],
    statement="""
    The botanical garden's greenhouse is a rectangular grid of `R × C` tiles. Some tiles hold
    heavy planters (`#`) and cannot be entered; the rest are walkway tiles (`.`). A gardener
    standing on tile `S` must carry a watering can to tile `E`. In one move she can step to a
    tile that shares a side with her current tile (up, down, left or right), as long as it is
    not a planter and is inside the greenhouse.

    Find the minimum number of moves she needs, or report that `E` cannot be reached.

    ## Input

    The first line contains two integers `R` and `C`. Each of the next `R` lines contains a
    string of `C` characters from `.`, `#`, `S`, `E`. There is exactly one `S` and exactly one
    `E`; both are walkable.

    ## Output

    Print the minimum number of moves, or `-1` if it is impossible.

    ## Constraints

    - `1 ≤ R, C ≤ 1000`, `R · C ≥ 2`
    """,
    example_note="One shortest route goes right twice, down, right twice, and down twice: 7 moves.",
    example_expect="7\n",
    solution=r'''
    import sys
    from collections import deque

    def main():
        data = sys.stdin.read().split()
        R, C = int(data[0]), int(data[1])
        grid = "".join(data[2:2 + R])
        start = grid.index("S")
        goal = grid.index("E")
        dist = [-1] * (R * C)
        dist[start] = 0
        dq = deque([start])
        while dq:
            cur = dq.popleft()
            if cur == goal:
                break
            r, c = divmod(cur, C)
            for nr, nc in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
                if 0 <= nr < R and 0 <= nc < C:
                    nxt = nr * C + nc
                    if dist[nxt] == -1 and grid[nxt] != "#":
                        dist[nxt] = dist[cur] + 1
                        dq.append(nxt)
        print(dist[goal])

    main()
    ''',
    brute=r'''
    import sys
    lines = sys.stdin.read().split("\n")
    R, C = map(int, lines[0].split())
    g = [lines[1 + i] for i in range(R)]
    INF = 10**9
    d = [[INF] * C for _ in range(R)]
    for i in range(R):
        for j in range(C):
            if g[i][j] == "S":
                d[i][j] = 0
    changed = True
    while changed:
        changed = False
        for i in range(R):
            for j in range(C):
                if g[i][j] == "#":
                    continue
                for di, dj in ((1, 0), (-1, 0), (0, 1), (0, -1)):
                    a, b = i + di, j + dj
                    if 0 <= a < R and 0 <= b < C and d[a][b] + 1 < d[i][j]:
                        d[i][j] = d[a][b] + 1
                        changed = True
    for i in range(R):
        for j in range(C):
            if g[i][j] == "E":
                print(d[i][j] if d[i][j] < INF else -1)
    ''',
    gen=_gen, checks=_chk,
)


# ---------------------------------------------------------------------------
# 011 (medium)
# ---------------------------------------------------------------------------
def _meetings(r, n, hi, maxlen):
    out = []
    for _ in range(n):
        s = r.randint(0, hi - 1)
        out.append((s, min(hi, s + r.randint(1, maxlen))))
    return out


def _gen(r):
    mk = lambda ms: rows(len(ms), *[f"{s} {e}" for s, e in ms])
    return [
        T(mk([(1, 5), (2, 3), (3, 7), (5, 6)])),
        T(mk([(0, 1)])),
        T(mk([(0, 10**9)] * 5)),
        T(mk([(i, i + 1) for i in range(20)])),
        T(mk([(0, 10), (10, 20), (5, 15), (15, 25), (20, 30), (0, 30)])),
        T(mk(_meetings(r, 200, 100, 15))),
        T(mk(_meetings(r, 600, 10**9, 10**7))),
        B(mk(_meetings(r, 1000, 5000, 300))),
    ]


def _chk(r):
    return [rows(n, *[f"{s} {e}" for s, e in _meetings(r, n, 12, 5)]) for n in (r.randint(1, 8) for _ in range(N_CHECKS))]


problem(
    slug="conference-rooms", title="Conference Room Planner", difficulty="medium",
    tags=["sorting", "sweep line", "greedy"],
    statement="""
    A coworking space has received `n` meeting reservations for tomorrow. Meeting `i` occupies a
    room during the half-open time interval `[s_i, e_i)`: it starts at minute `s_i` and ends
    at minute `e_i`. A room that is freed at minute `x` can host another meeting starting at
    minute `x`. A room can host only one meeting at a time.

    What is the smallest number of rooms that lets every meeting take place as reserved?

    ## Input

    The first line contains an integer `n`. Each of the next `n` lines contains two integers
    `s_i` and `e_i`.

    ## Output

    Print the minimum number of rooms.

    ## Constraints

    - `1 ≤ n ≤ 2·10^5`
    - `0 ≤ s_i < e_i ≤ 10^9`
    """,
    example_note="At no moment are more than two meetings running: the meeting `[2, 3)` ends exactly "
                 "when `[3, 7)` starts, and `[1, 5)` ends when `[5, 6)` starts.",
    example_expect="2\n",
    solution=r'''
    import sys

    def main():
        data = sys.stdin.buffer.read().split()
        n = int(data[0])
        events = []
        for i in range(n):
            s, e = int(data[1 + 2 * i]), int(data[2 + 2 * i])
            events.append((s, 1))
            events.append((e, -1))
        # at equal times, the -1 (end) sorts before the +1 (start)
        events.sort()
        cur = best = 0
        for _, delta in events:
            cur += delta
            if cur > best:
                best = cur
        print(best)

    main()
    ''',
    brute=r'''
    import sys
    d = sys.stdin.read().split()
    n = int(d[0])
    ms = [(int(d[1 + 2 * i]), int(d[2 + 2 * i])) for i in range(n)]
    best = 0
    for s, _ in ms:
        best = max(best, sum(1 for a, b in ms if a <= s < b))
    print(best)
    ''',
    gen=_gen, checks=_chk,
)


# ---------------------------------------------------------------------------
# 012 (medium)
# ---------------------------------------------------------------------------
def _names(r, n, lo=1, hi=8):
    seen, out = set(), []
    while len(out) < n:
        w = "".join(r.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(r.randint(lo, hi)))
        if w not in seen:
            seen.add(w); out.append(w)
    return out


def _gen(r):
    mk = lambda ps: rows(len(ps), *[f"{a} {b} {c}" for a, b, c in ps])
    n = 700
    big = [(nm, r.randint(0, 8), r.randint(0, 40) * 10) for nm in _names(r, n)]
    return [
        T(mk([("alice", 3, 120), ("bob", 4, 300), ("carol", 3, 120), ("dave", 3, 90), ("eve", 0, 0)])),
        T(mk([("solo", 0, 0)])),
        T(mk([("zed", 2, 50), ("amy", 2, 50), ("mia", 2, 50), ("bo", 2, 50)])),
        T(mk([("a", 1, 0), ("ab", 1, 0), ("b", 1, 0), ("aa", 0, 0), ("abc", 1, 1)])),
        T(mk([("x", 10**4, 10**9), ("y", 10**4, 0), ("z", 0, 10**9)])),
        T(mk([(nm, r.randint(0, 3), r.randint(0, 3)) for nm in _names(r, 60, 1, 3)])),
        T(mk(big)),
    ]


def _chk(r):
    return [rows(n, *[f"{nm} {r.randint(0, 2)} {r.randint(0, 2)}" for nm in _names(r, n, 1, 2)])
            for n in (r.randint(1, 8) for _ in range(N_CHECKS))]


problem(
    slug="leaderboard", title="Leaderboard With Ties", difficulty="medium",
    tags=["sorting", "implementation"],
    statement="""
    The school programming club just finished its monthly contest and needs the final standings.
    Each participant has a name, the number of problems solved, and a penalty time.
    Participants are ordered by:

    1. more problems solved first;
    2. among equal solved counts, smaller penalty first;
    3. among participants equal in both, names in increasing lexicographic (ASCII) order.

    A participant's **rank** is 1 plus the number of participants who are strictly better — that is,
    who solved more problems, or solved the same number with a smaller penalty. Participants with
    identical solved count and penalty therefore share a rank, and the following rank numbers are
    skipped (for example 1, 2, 2, 4).

    ## Input

    The first line contains an integer `n`. Each of the next `n` lines contains a name (lowercase
    English letters), the number solved `s`, and the penalty `p`, separated by spaces. All names
    are distinct.

    ## Output

    Print `n` lines in standings order; each line contains the rank and the name separated by a
    space.

    ## Constraints

    - `1 ≤ n ≤ 10^5`
    - names have 1 to 10 letters
    - `0 ≤ s ≤ 10^4`, `0 ≤ p ≤ 10^9`
    """,
    example_note="alice and carol tie on 3 problems and 120 penalty, so both get rank 3 (alice is listed "
                 "first alphabetically) and the next rank is 5.",
    example_expect="1 bob\n2 dave\n3 alice\n3 carol\n5 eve\n",
    solution=r'''
    import sys

    def main():
        data = sys.stdin.read().split()
        n = int(data[0])
        people = []
        for i in range(n):
            name, s, p = data[1 + 3 * i], int(data[2 + 3 * i]), int(data[3 + 3 * i])
            people.append((-s, p, name))
        people.sort()
        out = []
        rank = 0
        prev = None
        for idx, (neg_s, p, name) in enumerate(people):
            if (neg_s, p) != prev:
                rank = idx + 1
                prev = (neg_s, p)
            out.append("%d %s" % (rank, name))
        sys.stdout.write("\n".join(out) + "\n")

    main()
    ''',
    brute=r'''
    import sys
    from functools import cmp_to_key
    lines = sys.stdin.read().strip().split("\n")
    n = int(lines[0])
    P = []
    for line in lines[1:1 + n]:
        nm, s, p = line.split()
        P.append((nm, int(s), int(p)))
    def better(a, b):
        return a[1] > b[1] or (a[1] == b[1] and a[2] < b[2])
    def cmp(a, b):
        if better(a, b): return -1
        if better(b, a): return 1
        return -1 if a[0] < b[0] else (1 if a[0] > b[0] else 0)
    for x in sorted(P, key=cmp_to_key(cmp)):
        print(1 + sum(1 for y in P if better(y, x)), x[0])
    ''',
    gen=_gen, checks=_chk,
)


# ---------------------------------------------------------------------------
# 013 (medium)
# ---------------------------------------------------------------------------
def _gen(r):
    mk = lambda k, a: rows(f"{len(a)} {k}", arr(a))
    a = [r.randint(1, 10**9) for _ in range(1200)]
    small = [r.randint(1, 60) for _ in range(40)]
    return [
        T(mk(7, [10, 15, 8])),
        T(mk(1, [1])),
        T(mk(2, [1])),
        T(mk(1, [5, 9, 3])),
        T(mk(sum(small), small)),
        T(mk(sum(small) + 1, small)),
        T(mk(37, small)),
        B(mk(10**9, [10**9] * 5)),
        B(mk(r.randint(1, 10**9), a)),
    ]


def _chk(r):
    out = []
    for _ in range(N_CHECKS):
        n = r.randint(1, 6)
        a = [r.randint(1, 30) for _ in range(n)]
        out.append(rows(f"{n} {r.randint(1, sum(a) + 2)}", arr(a)))
    return out


problem(
    slug="rope-pieces", title="Rope Pieces for the Regatta", difficulty="medium",
    tags=["binary search"],
    statement="""
    The sailing club needs `k` mooring lines of **equal integer length** for the regatta. The
    storeroom has `n` old ropes with lengths `a_1, …, a_n`. Each rope may be cut into any number
    of pieces, but pieces cannot be joined together, and leftovers are thrown away.

    What is the largest integer length `L` such that at least `k` pieces of length `L` can be
    obtained? If not even pieces of length 1 are enough, print `0`.

    ## Input

    The first line contains two integers `n` and `k`. The second line contains `n` integers
    `a_1, …, a_n`.

    ## Output

    Print the maximum possible length `L`, or `0`.

    ## Constraints

    - `1 ≤ n ≤ 2·10^5`
    - `1 ≤ k ≤ 10^9`
    - `1 ≤ a_i ≤ 10^9`
    """,
    example_note="With L = 4 the ropes give 2 + 3 + 2 = 7 pieces. With L = 5 they give only 2 + 3 + 1 = 6.",
    example_expect="4\n",
    solution=r'''
    import sys

    def main():
        data = sys.stdin.buffer.read().split()
        n, k = int(data[0]), int(data[1])
        a = list(map(int, data[2:2 + n]))
        lo, hi = 0, max(a)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if sum(x // mid for x in a) >= k:
                lo = mid
            else:
                hi = mid - 1
        print(lo)

    main()
    ''',
    brute=r'''
    import sys
    d = sys.stdin.read().split()
    n, k = int(d[0]), int(d[1])
    a = [int(x) for x in d[2:2 + n]]
    ans = 0
    for L in range(1, max(a) + 1):
        if sum(x // L for x in a) >= k:
            ans = L
    print(ans)
    ''',
    gen=_gen, checks=_chk,
)


# ---------------------------------------------------------------------------
# 014 (medium)
# ---------------------------------------------------------------------------
def _gen(r):
    mk = lambda xs: rows(len(xs), *xs)
    return [
        T(mk([12, 1, 7, 36])),
        T(mk([1])),
        T(mk([999983, 1000000, 720720, 2, 4])),
        T(mk([p * p for p in (2, 3, 5, 31, 997)])),
        T(mk(list(range(1, 101)))),
        T(mk([r.randint(1, 10**6) for _ in range(2000)])),
        T(mk([r.choice([720720, 831600, 997920, 982800, 942480]) for _ in range(50)])),
    ]


def _chk(r):
    return [rows(q, *[r.randint(1, 5000) for _ in range(q)]) for q in (r.randint(1, 6) for _ in range(N_CHECKS))]


problem(
    slug="tile-rectangles", title="Mosaic Rectangles", difficulty="medium",
    tags=["number theory", "math"],
    statement="""
    A mosaic artist has exactly `x` identical square tiles and wants to lay **all** of them as
    one solid rectangle — `a` rows of `b` tiles each, with `a · b = x`. A rectangle and its
    rotation count as the same shape, so a `2 × 6` and a `6 × 2` rectangle are one shape.

    For each of `q` tile counts, find the number of different rectangle shapes possible.

    ## Input

    The first line contains an integer `q`. Each of the next `q` lines contains one integer `x`.

    ## Output

    For each `x` print the number of shapes on its own line.

    ## Constraints

    - `1 ≤ q ≤ 10^5`
    - `1 ≤ x ≤ 10^6`
    """,
    example_note="12 tiles: 1 × 12, 2 × 6, 3 × 4. One tile: 1 × 1. Seven tiles: only 1 × 7. "
                 "36 tiles: 1 × 36, 2 × 18, 3 × 12, 4 × 9, 6 × 6.",
    example_expect="3\n1\n1\n5\n",
    solution=r'''
    import sys

    def main():
        data = sys.stdin.buffer.read().split()
        q = int(data[0])
        lim = 1000
        is_p = bytearray([1]) * (lim + 1)
        is_p[0] = is_p[1] = 0
        for i in range(2, 32):
            if is_p[i]:
                is_p[i * i::i] = bytearray(len(range(i * i, lim + 1, i)))
        primes = [i for i in range(lim + 1) if is_p[i]]
        out = []
        for tok in data[1:1 + q]:
            y = int(tok)
            divisors = 1
            for p in primes:
                if p * p > y:
                    break
                if y % p == 0:
                    e = 0
                    while y % p == 0:
                        y //= p
                        e += 1
                    divisors *= e + 1
            if y > 1:
                divisors *= 2
            out.append(str((divisors + 1) // 2))
        sys.stdout.write("\n".join(out) + "\n")

    main()
    ''',
    brute=r'''
    import sys
    d = sys.stdin.read().split()
    for x in map(int, d[1:1 + int(d[0])]):
        shapes = 0
        a = 1
        while a * a <= x:
            if x % a == 0:
                shapes += 1
            a += 1
        print(shapes)
    ''',
    gen=_gen, checks=_chk,
)


# ---------------------------------------------------------------------------
# 015 (medium)
# ---------------------------------------------------------------------------
def _events(r, n, m, p_join):
    ev = []
    for _ in range(m):
        a, b = r.randint(1, n), r.randint(1, n)
        ev.append(("join" if r.random() < p_join else "ask", a, b))
    return ev


def _gen(r):
    mk = lambda n, ev: rows(f"{n} {len(ev)}", *[f"{t} {a} {b}" for t, a, b in ev])
    chain = [("join", i, i + 1) for i in range(1, 400)] + [("ask", 1, 400), ("ask", 400, 1), ("ask", 1, 401)]
    return [
        T(mk(5, [("ask", 1, 2), ("join", 1, 2), ("join", 3, 4), ("ask", 2, 1), ("join", 2, 4), ("ask", 1, 3)])),
        T(mk(1, [("ask", 1, 1)])),
        T(mk(3, [("join", 1, 1), ("join", 2, 2), ("ask", 1, 2)])),
        T(mk(4, [("join", 1, 2), ("join", 2, 1), ("join", 3, 4), ("join", 4, 3), ("ask", 1, 4), ("join", 2, 3), ("ask", 4, 1)])),
        T(mk(30, _events(r, 30, 60, 0.4))),
        T(mk(401, chain)),
        B(mk(400, _events(r, 400, 1000, 0.45))),
    ]


def _chk(r):
    out = []
    for _ in range(N_CHECKS):
        n = r.randint(1, 7)
        ev = _events(r, n, r.randint(1, 10), 0.5)
        out.append(rows(f"{n} {len(ev)}", *[f"{t} {a} {b}" for t, a, b in ev]))
    return out


problem(
    slug="alliance-ledger", title="The Alliance Ledger", difficulty="medium",
    tags=["union-find", "data structures"],
    statement="""
    In the valley there are `n` noble houses, numbered `1` to `n`; initially every house stands
    alone. The royal scribe keeps a ledger of `m` events in chronological order:

    - `join a b` — the alliance containing house `a` and the alliance containing house `b` merge
      into one (if they are already the same alliance, nothing changes);
    - `ask a b` — the king asks whether houses `a` and `b` currently belong to the same alliance.

    Answer every question, and after the last event report how many alliances exist and how many
    houses the largest one has.

    ## Input

    The first line contains two integers `n` and `m`. Each of the next `m` lines contains an event
    in one of the two formats above.

    ## Output

    For every `ask` event print `YES` or `NO` on its own line, in order. Then print one final line
    with two integers: the number of alliances and the size of the largest alliance.

    ## Constraints

    - `1 ≤ n, m ≤ 2·10^5`
    - `1 ≤ a, b ≤ n` (`a` may equal `b`)
    """,
    example_note="At the end houses 1, 2, 3, 4 form one alliance and house 5 is alone.",
    example_expect="NO\nYES\nYES\n2 4\n",
    solution=r'''
    import sys

    def main():
        data = sys.stdin.buffer.read().split()
        n, m = int(data[0]), int(data[1])
        parent = list(range(n + 1))
        size = [1] * (n + 1)

        def find(x):
            root = x
            while parent[root] != root:
                root = parent[root]
            while parent[x] != root:
                parent[x], x = root, parent[x]
            return root

        groups = n
        out = []
        pos = 2
        for _ in range(m):
            kind = data[pos]; a = int(data[pos + 1]); b = int(data[pos + 2])
            pos += 3
            ra, rb = find(a), find(b)
            if kind == b"join":
                if ra != rb:
                    if size[ra] < size[rb]:
                        ra, rb = rb, ra
                    parent[rb] = ra
                    size[ra] += size[rb]
                    groups -= 1
            else:
                out.append("YES" if ra == rb else "NO")
        largest = max(size[v] for v in range(1, n + 1) if find(v) == v)
        out.append("%d %d" % (groups, largest))
        sys.stdout.write("\n".join(out) + "\n")

    main()
    ''',
    brute=r'''
    import sys
    lines = sys.stdin.read().strip().split("\n")
    n, m = map(int, lines[0].split())
    adj = {v: set() for v in range(1, n + 1)}
    def component(v):
        seen = {v}; stack = [v]
        while stack:
            u = stack.pop()
            for w in adj[u]:
                if w not in seen:
                    seen.add(w); stack.append(w)
        return seen
    for line in lines[1:1 + m]:
        kind, a, b = line.split()
        a, b = int(a), int(b)
        if kind == "join":
            adj[a].add(b); adj[b].add(a)
        else:
            print("YES" if b in component(a) else "NO")
    left = set(range(1, n + 1)); comps = []
    while left:
        c = component(min(left)); comps.append(len(c)); left -= c
    print(len(comps), max(comps))
    ''',
    gen=_gen, checks=_chk,
)


# ---------------------------------------------------------------------------
# 016 (medium)
# ---------------------------------------------------------------------------
def _gen(r):
    mk = lambda v, ds: rows(f"{len(ds)} {v}", arr(ds))
    return [
        T(mk(10, [2, 5, 3])),
        T(mk(0, [7])),
        T(mk(1, [2])),
        T(mk(12, [1])),
        T(mk(20, [3, 4, 6, 7])),
        B(mk(1000, list(range(1, 51)))),
        B(mk(20000, sorted(r.sample(range(1, 3001), 40)))),
        B(mk(100000, [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000])),
    ]


def _chk(r):
    return [rows(f"{n} {r.randint(0, 24)}", arr(sorted(r.sample(range(1, 10), n))))
            for n in (r.randint(1, 4) for _ in range(N_CHECKS))]


problem(
    slug="stamp-combinations", title="Stamp Combinations", difficulty="medium",
    tags=["dynamic programming", "combinatorics"],
    statement="""
    The village post office sells stamps in `n` different denominations `d_1, …, d_n`, and it has
    an unlimited supply of each. To mail a parcel you must stick stamps worth exactly `V` in
    total onto it. Two ways of paying are considered the same if they use the same number of
    stamps of every denomination — the order in which stamps are stuck on does not matter.

    Count the number of different ways to pay exactly `V`. The answer may be huge, so print it
    modulo `1 000 000 007`.

    ## Input

    The first line contains two integers `n` and `V`. The second line contains `n` distinct
    integers `d_1, …, d_n`.

    ## Output

    Print the number of ways modulo `1 000 000 007`.

    ## Constraints

    - `1 ≤ n ≤ 50`
    - `0 ≤ V ≤ 10^5`
    - `1 ≤ d_i ≤ 10^5`, all `d_i` distinct
    - For `V = 0` there is exactly one way: use no stamps.
    """,
    example_note="The four ways are 5+5, 2+3+5, 2+2+3+3 and 2+2+2+2+2.",
    example_expect="4\n",
    solution=r'''
    import sys

    MOD = 10**9 + 7

    def main():
        data = sys.stdin.buffer.read().split()
        n, V = int(data[0]), int(data[1])
        ds = list(map(int, data[2:2 + n]))
        ways = [0] * (V + 1)
        ways[0] = 1
        for d in ds:
            for v in range(d, V + 1):
                ways[v] = (ways[v] + ways[v - d]) % MOD
        print(ways[V])

    main()
    ''',
    brute=r'''
    import sys
    d = sys.stdin.read().split()
    n, V = int(d[0]), int(d[1])
    ds = [int(x) for x in d[2:2 + n]]
    def count(i, rem):
        if i == n:
            return 1 if rem == 0 else 0
        total = 0
        used = 0
        while used <= rem:
            total += count(i + 1, rem - used)
            used += ds[i]
        return total
    print(count(0, V) % (10**9 + 7))
    ''',
    gen=_gen, checks=_chk,
)


# ---------------------------------------------------------------------------
# 017 (hard)
# ---------------------------------------------------------------------------
def _brackets(r, n, p_open=0.5):
    return "".join("(" if r.random() < p_open else ")" for _ in range(n))


def _gen(r):
    mk = lambda s: rows(len(s), s)
    big = _brackets(r, 6000)
    nested = "(" * 1500 + ")" * 1500 + ")" + "()" * 1500
    return [
        T(mk(")()())()()(")),
        T(mk("(")),
        T(mk(")(")),
        T(mk("()")),
        T(mk("((()))")),
        T(mk("()(())")),
        T(mk(_brackets(r, 300))),
        B(mk(big)),
        B(mk(nested)),
    ]


def _chk(r):
    return [rows(n, _brackets(r, n)) for n in (r.randint(1, 14) for _ in range(N_CHECKS))]


problem(
    slug="bracket-balance", title="Balanced Stretches", difficulty="hard",
    tags=["strings", "stack"],
    statement="""
    A jeweller strings a necklace from two kinds of beads that look like opening `(` and closing
    `)` brackets. She considers a contiguous stretch of beads **balanced** if, read as a bracket
    sequence, it is properly nested: every `(` has a matching `)` after it, and no prefix of the
    stretch has more `)` than `(`. For example `()(())` is balanced, while `)(` and `(()` are not.

    Find the length of the longest balanced stretch, and how many balanced stretches of that
    length the necklace contains (stretches at different positions count separately). If the
    necklace has no balanced stretch at all, print `0 0`.

    ## Input

    The first line contains an integer `n` — the number of beads. The second line contains a
    string of `n` characters, each `(` or `)`.

    ## Output

    Print two integers: the maximum length and the number of balanced stretches of that length.

    ## Constraints

    - `1 ≤ n ≤ 10^6`
    """,
    example_note="The balanced stretches of maximum length 4 are `()()` at positions 2–5 and at positions 7–10.",
    example_expect="4 2\n",
    solution=r'''
    import sys

    def main():
        data = sys.stdin.read().split()
        s = data[1] if len(data) > 1 else ""
        stack = [-1]
        best = 0
        count = 0
        for i, ch in enumerate(s):
            if ch == "(":
                stack.append(i)
            else:
                stack.pop()
                if not stack:
                    stack.append(i)
                else:
                    length = i - stack[-1]
                    if length > best:
                        best, count = length, 1
                    elif length == best:
                        count += 1
        print(best, count if best > 0 else 0)

    main()
    ''',
    brute=r'''
    import sys
    d = sys.stdin.read().split()
    s = d[1]
    n = len(s)
    lengths = []
    for i in range(n):
        bal = 0
        for j in range(i, n):
            bal += 1 if s[j] == "(" else -1
            if bal < 0:
                break
            if bal == 0:
                lengths.append(j - i + 1)
    if not lengths:
        print("0 0")
    else:
        best = max(lengths)
        print(best, lengths.count(best))
    ''',
    gen=_gen, checks=_chk,
)


# ---------------------------------------------------------------------------
# 018 (medium)
# ---------------------------------------------------------------------------
def _gen(r):
    mk = lambda k, s: rows(f"{len(s)} {k}", s)
    runs = "".join(r.choice("abcdefgh") * r.randint(1, 30) for _ in range(500))[:9000]
    return [
        T(mk(2, "abaccc")),
        T(mk(1, "z")),
        T(mk(1, "aabbbcc")),
        T(mk(26, "thequickbrownfoxjumps")),
        T(mk(3, "abcabcabcd")),
        T(mk(2, "".join(r.choice("abc") for _ in range(400)))),
        B(mk(3, runs)),
        B(mk(5, "".join(r.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(9000)))),
    ]


def _chk(r):
    return [rows(f"{n} {r.randint(1, 4)}", "".join(r.choice("abcd") for _ in range(n)))
            for n in (r.randint(1, 12) for _ in range(N_CHECKS))]


problem(
    slug="flower-window", title="Flower Bed Photograph", difficulty="medium",
    tags=["two pointers", "sliding window", "strings"],
    statement="""
    A straight garden path is lined with `n` flower beds; bed `i` holds flowers of type `s_i`,
    written as a lowercase letter. A photographer wants to photograph a contiguous run of beds,
    but the magazine insists that the photo shows **at most `k` different flower types**.

    Find the longest such run. If several runs have the maximum length, choose the one that
    starts leftmost.

    ## Input

    The first line contains two integers `n` and `k`. The second line contains the string `s` of
    length `n`.

    ## Output

    Print two integers: the maximum length and the 1-based index of the first bed of the chosen
    run.

    ## Constraints

    - `1 ≤ n ≤ 2·10^5`
    - `1 ≤ k ≤ 26`
    - `s` consists of lowercase English letters
    """,
    example_note="`accc` (beds 3–6) uses two types and has length 4. `aba` also uses two types but is shorter.",
    example_expect="4 3\n",
    solution=r'''
    import sys

    def main():
        data = sys.stdin.read().split()
        n, k = int(data[0]), int(data[1])
        s = data[2]
        count = [0] * 26
        distinct = 0
        left = 0
        best_len, best_start = 0, 0
        for right in range(n):
            c = ord(s[right]) - 97
            if count[c] == 0:
                distinct += 1
            count[c] += 1
            while distinct > k:
                d = ord(s[left]) - 97
                count[d] -= 1
                if count[d] == 0:
                    distinct -= 1
                left += 1
            if right - left + 1 > best_len:
                best_len, best_start = right - left + 1, left
        print(best_len, best_start + 1)

    main()
    ''',
    brute=r'''
    import sys
    d = sys.stdin.read().split()
    n, k = int(d[0]), int(d[1]); s = d[2]
    best = (0, 0)
    for i in range(n):
        for j in range(i, n):
            if len(set(s[i:j + 1])) <= k and (j - i + 1 > best[0]):
                best = (j - i + 1, i + 1)
    print(best[0], best[1])
    ''',
    gen=_gen, checks=_chk,
)


# ---------------------------------------------------------------------------
# 019 (medium)
# ---------------------------------------------------------------------------
def _rock_grid(r, R, C, p):
    return [["#" if r.random() < p else "." for _ in range(C)] for _ in range(R)]


def _gen(r):
    big = _rock_grid(r, 100, 100, 0.08)
    big[0][0] = big[99][99] = "."
    open_grid = [["."] * 60 for _ in range(60)]
    blocked = _rock_grid(r, 5, 5, 0.0)
    blocked[4][4] = "#"
    return [
        T(_grid_text([list("...."), list(".#.."), list("....")])),
        T(_grid_text([list(".")])),
        T(_grid_text([list("#")])),
        T(_grid_text(blocked)),
        T(_grid_text([list(".#"), list("#.")])),
        T(_grid_text(_rock_grid(r, 7, 8, 0.15))),
        B(_grid_text(open_grid)),
        B(_grid_text(big)),
    ]


def _chk(r):
    return [_grid_text(_rock_grid(r, r.randint(1, 6), r.randint(1, 6), 0.2)) for _ in range(N_CHECKS)]


problem(
    slug="garden-paths", title="Robot Mower Routes", difficulty="medium",
    tags=["dynamic programming", "grid", "combinatorics"],
    statement="""
    A robot mower sits on the top-left cell of a rectangular lawn divided into `R × C` cells and
    must reach the bottom-right cell. Its firmware only lets it move one cell **right** or one
    cell **down** at a time. Some cells contain rocks (`#`) that the mower must never enter; all
    other cells are grass (`.`).

    Count the number of different routes from the top-left to the bottom-right cell, modulo
    `1 000 000 007`. If either corner holds a rock, the answer is `0`. On a `1 × 1` lawn of grass
    there is exactly one (empty) route.

    ## Input

    The first line contains two integers `R` and `C`. Each of the next `R` lines contains a
    string of `C` characters, each `.` or `#`.

    ## Output

    Print the number of routes modulo `1 000 000 007`.

    ## Constraints

    - `1 ≤ R, C ≤ 1000`
    """,
    example_note="Without the rock there would be 10 routes; 6 of them pass through the rock, leaving 4.",
    example_expect="4\n",
    solution=r'''
    import sys

    MOD = 10**9 + 7

    def main():
        data = sys.stdin.read().split()
        R, C = int(data[0]), int(data[1])
        rows = data[2:2 + R]
        dp = [0] * C
        dp[0] = 1
        for i in range(R):
            row = rows[i]
            for j in range(C):
                if row[j] == "#":
                    dp[j] = 0
                elif j > 0:
                    dp[j] = (dp[j] + dp[j - 1]) % MOD
        print(dp[C - 1] % MOD)

    main()
    ''',
    brute=r'''
    import sys
    lines = sys.stdin.read().split("\n")
    R, C = map(int, lines[0].split())
    g = lines[1:1 + R]
    def walk(i, j):
        if i >= R or j >= C or g[i][j] == "#":
            return 0
        if i == R - 1 and j == C - 1:
            return 1
        return walk(i + 1, j) + walk(i, j + 1)
    print(walk(0, 0) % (10**9 + 7))
    ''',
    gen=_gen, checks=_chk,
)


# ---------------------------------------------------------------------------
# 020 (hard)
# ---------------------------------------------------------------------------
def _gen(r):
    mk = lambda bs: rows(len(bs), *[f"{w} {h}" for w, h in bs])
    diag = [(i, i) for i in range(1, 301)]
    r.shuffle(diag)
    return [
        T(mk([(3, 4), (2, 3), (5, 6), (4, 4), (5, 5)])),
        T(mk([(7, 7)])),
        T(mk([(2, 2), (2, 3), (2, 4), (2, 5)])),
        T(mk([(1, 5), (2, 4), (3, 3), (4, 2), (5, 1)])),
        T(mk([(5, 5)] * 4 + [(6, 6)])),
        T(mk(diag)),
        T(mk([(r.randint(1, 30), r.randint(1, 30)) for _ in range(200)])),
        B(mk([(r.randint(1, 10**5), r.randint(1, 10**5)) for _ in range(900)])),
        B(mk([(r.randint(1, 40), r.randint(1, 10**9)) for _ in range(700)])),
    ]


def _chk(r):
    return [rows(n, *[f"{r.randint(1, 5)} {r.randint(1, 5)}" for _ in range(n)]) for n in (r.randint(1, 9) for _ in range(N_CHECKS))]


problem(
    slug="nesting-crates", title="Nesting Crates", difficulty="hard",
    tags=["dynamic programming", "binary search", "sorting", "lis"],
    statement="""
    A shipping yard has `n` open-top crates. Crate `i` has a base width `w_i` and a height `h_i`.
    Crate `A` fits inside crate `B` when `w_A < w_B` **and** `h_A < h_B`; crates may not be
    rotated. The yard manager wants to build the longest possible *nest*: a sequence of distinct
    crates in which each crate fits inside the next one.

    Find the number of crates in the longest nest.

    ## Input

    The first line contains an integer `n`. Each of the next `n` lines contains two integers `w_i`
    and `h_i`.

    ## Output

    Print the maximum number of crates in a nest.

    ## Constraints

    - `1 ≤ n ≤ 2·10^5`
    - `1 ≤ w_i, h_i ≤ 10^9`
    """,
    example_note="For instance (2, 3) fits in (3, 4), which fits in (5, 6). No nest of four crates exists: "
                 "the two crates of width 5 cannot both be used, and (4, 4) cannot follow (3, 4).",
    example_expect="3\n",
    solution=r'''
    import sys
    from bisect import bisect_left

    def main():
        data = sys.stdin.buffer.read().split()
        n = int(data[0])
        crates = [(int(data[1 + 2 * i]), int(data[2 + 2 * i])) for i in range(n)]
        # equal widths sorted by decreasing height so that at most one of them is chosen
        crates.sort(key=lambda c: (c[0], -c[1]))
        tails = []
        for _, h in crates:
            pos = bisect_left(tails, h)
            if pos == len(tails):
                tails.append(h)
            else:
                tails[pos] = h
        print(len(tails))

    main()
    ''',
    brute=r'''
    import sys
    d = sys.stdin.read().split()
    n = int(d[0])
    c = [(int(d[1 + 2 * i]), int(d[2 + 2 * i])) for i in range(n)]
    c.sort()
    best = [1] * n
    for i in range(n):
        for j in range(i):
            if c[j][0] < c[i][0] and c[j][1] < c[i][1]:
                best[i] = max(best[i], best[j] + 1)
    print(max(best))
    ''',
    gen=_gen, checks=_chk,
)


# ---------------------------------------------------------------------------
# 021 (hard)
# ---------------------------------------------------------------------------
def _roads(r, n, m, wmax):
    return [(r.randint(1, n), r.randint(1, n), r.randint(1, wmax)) for _ in range(m)]


def _gen(r):
    mk = lambda n, es: rows(f"{n} {len(es)}", *[f"{a} {b} {w}" for a, b, w in es])
    tree = [(i, r.randint(max(1, i - 5), i - 1), r.randint(1, 10**6)) for i in range(2, 701)]
    return [
        T(mk(5, [(1, 2, 4), (1, 3, 1), (3, 2, 2), (2, 4, 5), (3, 4, 10), (4, 4, 3)])),
        T(mk(1, [])),
        T(mk(3, [])),
        T(mk(2, [(1, 2, 10**9), (2, 1, 7), (1, 2, 9)])),
        T(mk(4, [(2, 3, 1), (3, 4, 1), (4, 2, 1)])),
        T(mk(30, _roads(r, 30, 45, 20))),
        T(mk(600, [(i, i + 1, 10**9) for i in range(1, 600)])),
        B(mk(800, _roads(r, 800, 900, 10**6))),
        B(mk(700, tree + _roads(r, 700, 300, 10**6))),
    ]


def _chk(r):
    out = []
    for _ in range(N_CHECKS):
        n = r.randint(1, 7)
        es = _roads(r, n, r.randint(0, 10), 9)
        out.append(rows(f"{n} {len(es)}", *[f"{a} {b} {w}" for a, b, w in es]))
    return out


problem(
    slug="courier-routes", title="Courier Dispatch", difficulty="hard",
    tags=["graphs", "shortest paths", "dijkstra"],
    statement="""
    A courier company's depot is at junction `1` of a city with `n` junctions. There are `m`
    two-way roads; road `j` connects junctions `a_j` and `b_j` and takes `w_j` minutes to
    drive in either direction. Several roads may connect the same pair of junctions, and a road
    may even loop from a junction back to itself.

    For every junction, find the shortest driving time from the depot, or report that it cannot
    be reached.

    ## Input

    The first line contains two integers `n` and `m`. Each of the next `m` lines contains three
    integers `a_j`, `b_j`, `w_j`.

    ## Output

    Print `n` integers on one line separated by single spaces: the `i`-th is the shortest time
    from junction 1 to junction `i`, or `-1` if junction `i` is unreachable.

    ## Constraints

    - `1 ≤ n ≤ 10^5`, `0 ≤ m ≤ 2·10^5`
    - `1 ≤ a_j, b_j ≤ n`
    - `1 ≤ w_j ≤ 10^9`
    """,
    example_note="Junction 2 is reached via 3 (1 + 2 = 3 minutes), junction 4 via 3 and 2 (3 + 5 = 8). "
                 "No road touches junction 5.",
    example_expect="0 3 1 8 -1\n",
    solution=r'''
    import sys
    import heapq

    def main():
        data = sys.stdin.buffer.read().split()
        n, m = int(data[0]), int(data[1])
        adj = [[] for _ in range(n + 1)]
        pos = 2
        for _ in range(m):
            a, b, w = int(data[pos]), int(data[pos + 1]), int(data[pos + 2])
            pos += 3
            adj[a].append((b, w))
            adj[b].append((a, w))
        INF = float("inf")
        dist = [INF] * (n + 1)
        dist[1] = 0
        heap = [(0, 1)]
        while heap:
            d, u = heapq.heappop(heap)
            if d > dist[u]:
                continue
            for v, w in adj[u]:
                nd = d + w
                if nd < dist[v]:
                    dist[v] = nd
                    heapq.heappush(heap, (nd, v))
        print(" ".join(str(x) if x != INF else "-1" for x in dist[1:]))

    main()
    ''',
    brute=r'''
    import sys
    d = sys.stdin.read().split()
    n, m = int(d[0]), int(d[1])
    edges = [(int(d[2 + 3 * j]), int(d[3 + 3 * j]), int(d[4 + 3 * j])) for j in range(m)]
    dist = [None] * (n + 1)
    dist[1] = 0
    for _ in range(n):
        changed = False
        for a, b, w in edges:
            for x, y in ((a, b), (b, a)):
                if dist[x] is not None and (dist[y] is None or dist[x] + w < dist[y]):
                    dist[y] = dist[x] + w
                    changed = True
        if not changed:
            break
    print(" ".join("-1" if x is None else str(x) for x in dist[1:]))
    ''',
    gen=_gen, checks=_chk,
)


# ---------------------------------------------------------------------------
# 022 (hard, floating point)
# ---------------------------------------------------------------------------
def _gen(r):
    mk = lambda fs: rows(len(fs), *[f"{x} {v}" for x, v in fs])
    return [
        T(mk([(0, 2), (10, 1), (4, 3)])),
        T(mk([(500, 7)])),
        T(mk([(42, 3), (42, 1000), (42, 5)])),
        T(mk([(0, 1), (1000000, 1)])),
        T(mk([(0, 1000), (1000000, 1), (999999, 1000), (1, 1)])),
        T(mk([(r.randint(0, 100), r.randint(2, 9)) for _ in range(50)])),
        T(mk([(r.randint(0, 10**6), r.randint(100, 1000)) for _ in range(900)])),
        T(mk([(r.randint(0, 10**6), r.choice([7, 11, 13, 17, 19])) for _ in range(900)])),
    ]


def _chk(r):
    return [rows(n, *[f"{r.randint(0, 50)} {r.randint(1, 6)}" for _ in range(n)]) for n in (r.randint(1, 7) for _ in range(N_CHECKS))]


problem(
    slug="rendezvous", title="Roadside Rendezvous", difficulty="hard",
    tags=["binary search", "floating point", "geometry"],
    statement="""
    `n` friends are spread along a long straight road; friend `i` stands at kilometre `x_i` and
    walks at a constant speed of `v_i` kilometres per hour in either direction. They want to meet
    at a single point of the road (any real position) and all start walking at the same moment.
    Everyone walks straight to the meeting point, and the meeting starts when the last friend
    arrives.

    Choose the meeting point so that the meeting starts as early as possible, and print that
    earliest time in hours.

    ## Input

    The first line contains an integer `n`. Each of the next `n` lines contains two integers
    `x_i` and `v_i`.

    ## Output

    Print the minimum time with **exactly 6 digits** after the decimal point, rounded to the
    nearest such value.

    ## Constraints

    - `1 ≤ n ≤ 10^5`
    - `0 ≤ x_i ≤ 10^6`
    - `1 ≤ v_i ≤ 1000`
    - The test data is chosen so that the exact answer is never halfway between two numbers with
      6 decimal places.
    """,
    example_note="Meet at kilometre 20/3 ≈ 6.67: the friend from kilometre 0 (speed 2) and the friend "
                 "from kilometre 10 (speed 1) both need 10/3 hours, and the third friend needs only 8/9 "
                 "of an hour. Any other point makes one of the first two friends arrive later.",
    example_expect="3.333333\n",
    solution=r'''
    import sys

    def main():
        data = sys.stdin.buffer.read().split()
        n = int(data[0])
        xs = [int(v) for v in data[1:2 * n + 1:2]]
        vs = [int(v) for v in data[2:2 * n + 2:2]]
        # gathering within time t is possible iff all reachable intervals intersect
        lo, hi = 0.0, 2e6
        for _ in range(100):
            mid = (lo + hi) / 2
            left = max(x - v * mid for x, v in zip(xs, vs))
            right = min(x + v * mid for x, v in zip(xs, vs))
            if left <= right:
                hi = mid
            else:
                lo = mid
        # refine: the optimum is fixed by the two binding friends; compute it directly
        i = max(range(n), key=lambda k: xs[k] - vs[k] * hi)
        j = min(range(n), key=lambda k: xs[k] + vs[k] * hi)
        ans = (xs[i] - xs[j]) / (vs[i] + vs[j]) if i != j else 0.0
        if ans < 0:
            ans = 0.0
        print("%.6f" % ans)

    main()
    ''',
    brute=r'''
    import sys
    from fractions import Fraction
    d = sys.stdin.read().split()
    n = int(d[0])
    f = sorted((int(d[1 + 2 * i]), int(d[2 + 2 * i])) for i in range(n))
    # every pair of friends must be able to meet: t >= (x_j - x_i) / (v_i + v_j)
    num, den = 0, 1
    for i in range(n):
        xi, vi = f[i]
        for j in range(i + 1, n):
            xj, vj = f[j]
            if (xj - xi) * den > num * (vi + vj):
                num, den = xj - xi, vi + vj
    scaled = Fraction(num, den) * 10**6
    whole = scaled.numerator // scaled.denominator
    frac = scaled - whole
    if frac == Fraction(1, 2):
        print("AMBIGUOUS-ROUNDING")
        sys.exit(0)
    if frac > Fraction(1, 2):
        whole += 1
    print(str(whole // 10**6) + "." + str(whole % 10**6).zfill(6))
    ''',
    gen=_gen, checks=_chk,
)


# ---------------------------------------------------------------------------
# 023 (hard)
# ---------------------------------------------------------------------------
def _lw(r, n, alpha="abcdefghijklmnopqrstuvwxyz"):
    return "".join(r.choice(alpha) for _ in range(n))


def _gen(r):
    mk = lambda c, a, b: rows(f"{c[0]} {c[1]} {c[2]}", a, b)
    base = _lw(r, 700, "abcde")
    mutated = list(base)
    for _ in range(120):
        k = r.randrange(len(mutated))
        op = r.choice("ids")
        if op == "i":
            mutated.insert(k, r.choice("abcde"))
        elif op == "d" and len(mutated) > 1:
            del mutated[k]
        else:
            mutated[k] = r.choice("abcde")
    return [
        T(mk((2, 3, 4), "lantern", "pattern")),
        T(mk((1, 1, 1), "a", "a")),
        T(mk((5, 7, 1000), "ab", "ba")),
        T(mk((1000, 1000, 1), "abcdef", "uvwxyz")),
        T(mk((3, 1, 2), "mississippi", "sip")),
        T(mk((4, 6, 3), _lw(r, 8, "ab"), _lw(r, 7, "ab"))),
        B(mk((3, 5, 4), base, "".join(mutated))),
        B(mk((1, 1, 1), _lw(r, 500), _lw(r, 600))),
    ]


def _chk(r):
    return [rows(f"{r.randint(1, 6)} {r.randint(1, 6)} {r.randint(1, 9)}", _lw(r, r.randint(1, 6), "abc"), _lw(r, r.randint(1, 6), "abc"))
            for _ in range(N_CHECKS)]


problem(
    slug="weighted-edit", title="The Scribe's Corrections", difficulty="hard",
    tags=["dynamic programming", "strings", "edit distance"],
    statement="""
    A monastery scribe must turn a damaged word `A` into the correct word `B`. With his quill he
    can perform three kinds of corrections, each with its own cost in drops of ink:

    - insert one letter anywhere — costs `c_ins`;
    - erase one letter — costs `c_del`;
    - overwrite one letter with a different letter — costs `c_rep`.

    Letters that are already correct can be left in place for free. Find the minimum total
    amount of ink needed to turn `A` into `B`.

    ## Input

    The first line contains three integers `c_ins`, `c_del`, `c_rep`. The second line contains
    the word `A` and the third line contains the word `B`.

    ## Output

    Print the minimum total cost.

    ## Constraints

    - `1 ≤ c_ins, c_del, c_rep ≤ 1000`
    - `1 ≤ |A|, |B| ≤ 2000`
    - both words consist of lowercase English letters
    """,
    example_note="Overwrite `l` with `p` and the first `n` with `t`: two overwrites of cost 4 each.",
    example_expect="8\n",
    solution=r'''
    import sys

    def main():
        data = sys.stdin.read().split()
        ci, cd, cr = int(data[0]), int(data[1]), int(data[2])
        a, b = data[3], data[4]
        m = len(b)
        prev = [j * ci for j in range(m + 1)]
        for i in range(1, len(a) + 1):
            ch = a[i - 1]
            cur = [i * cd] + [0] * m
            for j in range(1, m + 1):
                best = prev[j] + cd
                ins = cur[j - 1] + ci
                if ins < best:
                    best = ins
                rep = prev[j - 1] + (0 if ch == b[j - 1] else cr)
                if rep < best:
                    best = rep
                cur[j] = best
            prev = cur
        print(prev[m])

    main()
    ''',
    brute=r'''
    import sys
    from functools import lru_cache
    lines = sys.stdin.read().split("\n")
    ci, cd, cr = map(int, lines[0].split())
    a, b = lines[1].strip(), lines[2].strip()
    @lru_cache(maxsize=None)
    def f(i, j):
        # cost to turn a[i:] into b[j:]
        if i == len(a):
            return (len(b) - j) * ci
        if j == len(b):
            return (len(a) - i) * cd
        options = [cd + f(i + 1, j), ci + f(i, j + 1)]
        options.append(f(i + 1, j + 1) + (0 if a[i] == b[j] else cr))
        return min(options)
    print(f(0, 0))
    ''',
    gen=_gen, checks=_chk,
)


# ---------------------------------------------------------------------------
# 024 (hard)
# ---------------------------------------------------------------------------
def _bookings(r, n, hi, maxlen, pmax):
    out = []
    for _ in range(n):
        s = r.randint(0, hi - 1)
        out.append((s, s + r.randint(1, maxlen), r.randint(1, pmax)))
    return out


def _gen(r):
    mk = lambda bs: rows(len(bs), *[f"{s} {e} {p}" for s, e, p in bs])
    return [
        T(mk([(1, 3, 5), (2, 5, 6), (4, 6, 5), (6, 7, 4)])),
        T(mk([(0, 1000000000, 1000000000)])),
        T(mk([(0, 5, 10), (0, 5, 12), (0, 5, 7)])),
        T(mk([(i, i + 1, 10**9) for i in range(12)])),
        T(mk([(0, 10, 100), (0, 5, 60), (5, 10, 60), (2, 8, 119)])),
        T(mk(_bookings(r, 12, 40, 10, 50))),
        B(mk(_bookings(r, 600, 10**9, 10**7, 10**9))),
        B(mk(_bookings(r, 700, 3000, 60, 1000))),
    ]


def _chk(r):
    return [rows(n, *[f"{s} {e} {p}" for s, e, p in _bookings(r, n, 15, 6, 10)]) for n in (r.randint(1, 10) for _ in range(N_CHECKS))]


problem(
    slug="festival-bookings", title="Festival Stage Bookings", difficulty="hard",
    tags=["dynamic programming", "binary search", "sorting"],
    statement="""
    The open-air festival has a single stage. `n` bands have asked to rent it: band `i` wants
    the stage from time `s_i` to time `e_i` and offers to pay `p_i` coins. The organiser may
    accept any set of requests as long as no two accepted bookings overlap; a booking may start
    exactly at the moment another one ends. Requests must be accepted entirely or rejected.

    What is the largest total payment the organiser can collect?

    ## Input

    The first line contains an integer `n`. Each of the next `n` lines contains three integers
    `s_i`, `e_i`, `p_i`.

    ## Output

    Print the maximum total payment.

    ## Constraints

    - `1 ≤ n ≤ 2·10^5`
    - `0 ≤ s_i < e_i ≤ 2·10^9`
    - `1 ≤ p_i ≤ 10^9`
    """,
    example_note="Accepting the bookings [1, 3], [4, 6] and [6, 7] yields 5 + 5 + 4 = 14.",
    example_expect="14\n",
    solution=r'''
    import sys
    from bisect import bisect_right

    def main():
        data = sys.stdin.buffer.read().split()
        n = int(data[0])
        jobs = sorted(((int(data[1 + 3 * i]), int(data[2 + 3 * i]), int(data[3 + 3 * i]))
                       for i in range(n)), key=lambda j: j[1])
        ends = [e for _, e, _ in jobs]
        best = [0] * (n + 1)  # best[k]: optimum using only the first k jobs by end time
        for k, (s, e, p) in enumerate(jobs):
            compatible = bisect_right(ends, s, 0, k)
            take = best[compatible] + p
            best[k + 1] = take if take > best[k] else best[k]
        print(best[n])

    main()
    ''',
    brute=r'''
    import sys
    d = sys.stdin.read().split()
    n = int(d[0])
    b = [(int(d[1 + 3 * i]), int(d[2 + 3 * i]), int(d[3 + 3 * i])) for i in range(n)]
    best = 0
    for mask in range(1 << n):
        chosen = [b[i] for i in range(n) if mask >> i & 1]
        ok = all(x[1] <= y[0] or y[1] <= x[0]
                 for i, x in enumerate(chosen) for y in chosen[i + 1:])
        if ok:
            best = max(best, sum(x[2] for x in chosen))
    print(best)
    ''',
    gen=_gen, checks=_chk,
)


# ---------------------------------------------------------------------------
# driver
# ---------------------------------------------------------------------------
def run_program(src, inp, what):
    try:
        res = subprocess.run([sys.executable, "-c", src], input=inp, capture_output=True,
                             text=True, encoding="utf-8", timeout=10)
    except subprocess.TimeoutExpired:
        raise SystemExit(f"FAIL {what}: timed out")
    if res.returncode != 0:
        raise SystemExit(f"FAIL {what}: exit code {res.returncode}\n{res.stderr}")
    return res.stdout


def build_question(p, ex_in, ex_out):
    parts = [f"# {p['title']}", "", p["statement"], "", "## Example", "",
             "Input:", "", "```", ex_in.rstrip("\n"), "```", "",
             "Output:", "", "```", ex_out.rstrip("\n"), "```"]
    if p.get("example_note"):
        parts += ["", "**Explanation.** " + p["example_note"]]
    return "\n".join(parts) + "\n"


def process(index, p):
    pid = f"sample/{index:03d}-{p['slug']}"
    tests = p["gen"](random.Random(1000 + index))
    checks = p["checks"](random.Random(5000 + index))
    if len(tests) < 6:
        raise SystemExit(f"FAIL {pid}: only {len(tests)} tests")
    jobs = []  # (kind, test_index, input, program)
    for k, (inp, brute_ok) in enumerate(tests):
        if not inp.endswith("\n"):
            raise SystemExit(f"FAIL {pid} test {k}: input lacks trailing newline")
        if len(inp.encode("utf-8")) > MAX_INPUT_BYTES:
            raise SystemExit(f"FAIL {pid} test {k}: input is {len(inp.encode())} bytes")
        jobs.append(("ref", k, inp, p["solution"]))
        if brute_ok:
            jobs.append(("brute", k, inp, p["brute"]))
    for k, inp in enumerate(checks):
        jobs.append(("cref", k, inp, p["solution"]))
        jobs.append(("cbrute", k, inp, p["brute"]))
    with ThreadPoolExecutor(max_workers=8) as ex:
        outs = list(ex.map(lambda j: run_program(j[3], j[2], f"{pid} {j[0]} #{j[1]}"), jobs))
    res = {(j[0], j[1]): o for j, o in zip(jobs, outs)}
    n_cross = 0
    for (kind, k), o in res.items():
        if kind in ("brute", "cbrute"):
            ref = res[("ref" if kind == "brute" else "cref", k)]
            if o != ref:
                inp = tests[k][0] if kind == "brute" else checks[k]
                raise SystemExit(f"FAIL {pid}: reference and brute force disagree on "
                                 f"{'test' if kind == 'brute' else 'check'} #{k}\n"
                                 f"input:\n{inp[:500]}\nreference:\n{ref[:300]}\nbrute:\n{o[:300]}")
            n_cross += 1
    out_tests = []
    for k, (inp, _) in enumerate(tests):
        o = res[("ref", k)]
        if not o.endswith("\n") or o.endswith("\n\n") or not o.strip():
            raise SystemExit(f"FAIL {pid} test {k}: bad output shape {o[-20:]!r}")
        out_tests.append({"kind": "stdin", "input": inp, "output": o})
    if p.get("example_expect") is not None and out_tests[0]["output"] != p["example_expect"]:
        raise SystemExit(f"FAIL {pid}: example output {out_tests[0]['output']!r} does not match "
                         f"the statement's explanation ({p['example_expect']!r})")
    row = {
        "id": pid,
        "question": build_question(p, out_tests[0]["input"], out_tests[0]["output"]),
        "starter_code": "",
        "tests": out_tests,
        "solutions": [p["solution"]],
        "source": "sample",
        "difficulty": p["difficulty"],
        "metadata": {"title": p["title"], "tags": list(p["tags"])},
    }
    print(f"ok {pid}: {len(out_tests)} tests, {n_cross} brute-force cross-checks", file=sys.stderr)
    return row


def main():
    out_path = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUT
    slugs = [p["slug"] for p in PROBLEMS]
    if len(set(slugs)) != len(slugs):
        raise SystemExit("FAIL: duplicate slugs")
    rows_ = [process(i, p) for i, p in enumerate(PROBLEMS, start=1)]
    rows_.sort(key=lambda row: row["id"])
    text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows_)
    size = len(text.encode("utf-8"))
    if size > MAX_FILE_BYTES:
        raise SystemExit(f"FAIL: output would be {size} bytes (limit {MAX_FILE_BYTES})")
    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    with open(out_path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    print(f"wrote {len(rows_)} problems, {sum(len(r['tests']) for r in rows_)} tests, "
          f"{size} bytes, sha256 {hashlib.sha256(text.encode('utf-8')).hexdigest()} -> {out_path}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
