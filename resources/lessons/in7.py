import os
from multiprocessing import Process, Manager


def doubler(number, results):
    proc = os.getpid()
    results[proc] = number * 2


if __name__ == '__main__':
    numbers = [5, 10, 15, 20, 25]
    manager = Manager()
    results = manager.dict()
    procs = []

    for number in numbers:
        procs.append(Process(target=doubler, args=(number, results)))
        procs[-1].start()
    for proc in procs:
        proc.join()

    print(results)  # five pid: result pairs
