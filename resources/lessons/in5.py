from multiprocessing import Process, current_process

results = {}  # a global dict


def doubler(number):
    results[number] = number * 2
    print(f'{current_process().name} sees results = {results}')


if __name__ == '__main__':
    numbers = [5, 10, 15, 20, 25]
    procs = []

    for number in numbers:
        procs.append(Process(target=doubler, args=(number,)))
        procs[-1].start()
    for proc in procs:
        proc.join()

    print(results)  # {}: every child wrote into its own copy of the dict
