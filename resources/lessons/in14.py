%%time
def doubler(number):
    time.sleep(number)
    return number * 2

numbers = [1, 2, 3]
pool = Pool(processes=3)
for item in pool.imap(doubler, numbers):
    print(item, time.ctime())
