# In[11] as a script: the import of In[10]; `with` closes the pool, which the notebook leaves running.
from multiprocessing import Pool


def doubler(number):
    return number * 2


if __name__ == '__main__':
    numbers = [5, 10, 20]
    with Pool(processes=3) as pool:
        for item in pool.map(doubler, numbers):
            print(item)
