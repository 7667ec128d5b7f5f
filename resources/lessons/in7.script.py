# In[7] as a script: the imports of In[1] and In[6]; the Manager is started under the __main__ guard.
import os
from multiprocessing import Manager, Process


def doubler(number, results):
    result = number * 2
    proc = os.getpid()
    results[proc] = result
    print(
        '{0} doubled to {1} by process id: {2}'.format(
            number, result, proc))


if __name__ == '__main__':
    manager = Manager()  # also possible here: Queue, Pipe
    results = manager.dict()
    numbers = [5, 10, 15, 20, 25]
    procs = []
    for index, number in enumerate(numbers):
        proc = Process(target=doubler, args=(number, results))
        procs.append(proc)
        proc.start()
    for proc in procs:
        proc.join()
    print(results)
