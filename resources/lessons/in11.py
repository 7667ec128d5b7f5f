def doubler(number):
    return number * 2

numbers = [5, 10, 20]
pool = Pool(processes=3)
for item in pool.map(doubler, numbers):
    print(item)
