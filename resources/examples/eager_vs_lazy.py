"""The notebook's 500 GB lesson on the next engine Python programmers reach for: ProcessPoolExecutor.map
submits every task the moment it is called, so a large streamed input is held in memory in full, while
Pool.imap reads the input only as fast as the workers take it and hands each result back as it is ready.

Lower-cases a stream of texts both ways and prints the caller's peak memory after each. Watch it live:

    poolscope watch -- python3 resources/examples/eager_vs_lazy.py

(the "results held" curve and the submit times of the two runs show the difference).
"""

import argparse
import resource
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import Pool


def texts(count, size):
    for i in range(count):  # a stream, as if read from disk: nothing here holds more than one text
        yield ("Text number %d OF THE 500 GB. " % i) * size


def lower(text):
    return len(text.lower())


def peak_mib():
    # VmHWM is this program's own peak; ru_maxrss would also count the process it was started from.
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", type=int, default=2000, help="how many texts (default 2000)")
    parser.add_argument("--size", type=int, default=2000, help="repetitions of a 30-byte line per text")
    options = parser.parse_args()
    mib = options.texts * options.size * 30 / 2**20
    print("input: %d texts, %.0f MiB in all" % (options.texts, mib))

    # The lazy one first: a process's peak memory never goes down.
    with Pool(3) as pool:
        total = sum(pool.imap(lower, texts(options.texts, options.size), 8))
    print("Pool.imap:            %d characters, caller's peak memory %.0f MiB" % (total, peak_mib()))

    with ProcessPoolExecutor(3) as executor:
        total = sum(executor.map(lower, texts(options.texts, options.size), chunksize=8))
    print("ProcessPoolExecutor.map: %d characters, caller's peak memory %.0f MiB" % (total, peak_mib()))


if __name__ == "__main__":
    main()
