import time
from multiprocessing import Pool


def doubler(number):
    time.sleep(number)
    return number * 2


if __name__ == '__main__':
    with Pool(3) as pool:
        start = time.time()  # once the workers are up
        for result in pool.imap(doubler, [1, 2, 3]):
            print(f'{result} at {time.time() - start:.1f} s')
