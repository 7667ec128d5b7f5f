# In[9] as a script: the imports of In[1] and In[8].
from multiprocessing import Array, Process


def doubler(index, arr):
    arr[index] = arr[index]*2


if __name__ == '__main__':
    numbers = [5, 10, 15, 20, 25]
    procs = []

    arr = Array('d', numbers)
    print(arr[:])
    for index, number in enumerate(numbers):
        proc = Process(target=doubler, args=(index, arr))
        procs.append(proc)
        proc.start()

    for proc in procs:
        proc.join()

    print(arr[:])
