def doubler(index, arr):
    arr[index] = arr[index]*2

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
