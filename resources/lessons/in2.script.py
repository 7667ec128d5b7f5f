# In[2] as a script: the imports of In[1], and the cell's statements under the __main__ guard that
# Python's spawn and forkserver start methods need (forkserver is Linux's default from Python 3.14).
import os
from multiprocessing import Process


def doubler(number):
    result = number * 2
    proc = os.getpid()
    print(
        '{0} doubled to {1} by process id: {2}'.format(
            number, result, proc))
    return result


if __name__ == '__main__':
    numbers = [5, 10, 15, 20, 25]
    procs = []
    for index, number in enumerate(numbers):
        proc = Process(target=doubler, args=(number,))
        procs.append(proc)
        proc.start()
    for proc in procs:
        proc.join()
