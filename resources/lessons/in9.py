from multiprocessing import Process, Array


def doubler(arr):
    for i in range(len(arr)):
        arr[i] = arr[i] * 2


if __name__ == '__main__':
    arr = Array('d', [5.0, 10.0, 15.0, 20.0, 25.0])
    print(arr[:])

    proc = Process(target=doubler, args=(arr,))
    proc.start()
    proc.join()

    print(arr[:])
