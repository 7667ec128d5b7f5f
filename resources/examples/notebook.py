"""The pool cells of the notebook "Multiprocessing is All you Need" (In[11], In[12], In[14], In[15]) as
one plain script. Run it as it is, or watch its pool calls live in PoolScope:

    poolscope watch -- python3 resources/examples/notebook.py

Each pool call becomes one run in PoolScope's compare view. `--scale 0.2` makes every sleep five times
shorter (for a quick look); the default 1.0 is the notebook's own timing.
"""

import argparse
import time
from multiprocessing import Pool

SCALE = 1.0


def doubler_in11(number):
    return number * 2


def doubler_in12(number):
    time.sleep(3 * SCALE)
    return number * 2


def doubler_in14(number):
    time.sleep(number * SCALE)
    return number * 2


def doubler_in15(number):
    time.sleep((3 - number) * SCALE)
    return number * 2


def main():
    global SCALE  # noqa: PLW0603 - the workers are forked after this is set, so they see it too
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every sleep by this (default 1.0)")
    SCALE = parser.parse_args().scale

    print("In[11]: map")
    with Pool(processes=3) as pool:
        for item in pool.map(doubler_in11, [5, 10, 20]):
            print(item)

    print("In[12]: map, every task sleeps 3 s")
    start = time.time()
    with Pool(processes=3) as pool:
        for item in pool.map(doubler_in12, [5, 10, 20]):
            print(item, time.ctime())
    print("Wall time: %.2f s" % (time.time() - start))

    print("In[14]: imap, task n sleeps n s")
    start = time.time()
    with Pool(processes=3) as pool:
        for item in pool.imap(doubler_in14, [1, 2, 3]):
            print(item, time.ctime())
    print("Wall time: %.2f s" % (time.time() - start))

    print("In[15]: imap_unordered, task n sleeps 3 - n s")
    start = time.time()
    with Pool(processes=3) as pool:
        for item in pool.imap_unordered(doubler_in15, [1, 2, 3]):
            print(item, time.ctime())
    print("Wall time: %.2f s" % (time.time() - start))


if __name__ == "__main__":
    main()
