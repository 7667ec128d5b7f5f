import os
from multiprocessing import Pool


def doubler(number):
    result = number * 2
    proc = os.getpid()
    print(f'{number} doubled to {result} by process id: {proc}')
    return result


if __name__ == '__main__':
    numbers = [5, 10, 15, 20, 25]
    pool = Pool(processes=3)
    print(pool.map(doubler, numbers))
