# In[14] as a script: IPython's %%time becomes a measured wall time; `with` closes the pool, which the
# notebook leaves running.
import time
from multiprocessing import Pool


def doubler(number):
    time.sleep(number)
    return number * 2


if __name__ == '__main__':
    start = time.perf_counter()  # %%time
    numbers = [1, 2, 3]
    with Pool(processes=3) as pool:
        for item in pool.imap(doubler, numbers):
            print(item, time.ctime())
    print(f'Wall time: {time.perf_counter() - start:.2f} s')
