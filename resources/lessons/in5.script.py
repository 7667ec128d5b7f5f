# In[5] as a script: the parent's dict still prints {} (each child has a copy, whatever the start method).
import os
from multiprocessing import Process

results = dict()


def doubler(number, results):
    result = number * 2
    proc = os.getpid()
    results[proc] = result
    print(
        '{0} doubled to {1} by process id: {2}'.format(
            number, result, proc))


if __name__ == '__main__':
    numbers = [5, 10, 15, 20, 25]
    procs = []
    for index, number in enumerate(numbers):
        proc = Process(target=doubler, args=(number, results))
        procs.append(proc)
        proc.start()
    for proc in procs:
        proc.join()
    print(results)
