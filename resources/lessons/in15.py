%%time
def doubler(number):
    time.sleep(3-number)
    return number * 2

numbers = [1, 2, 3]
pool = Pool(processes=3)
for item in pool.imap_unordered(doubler, numbers):
    print(item, time.ctime())
