# In[4] as a script. Run alone, it prints Process-2 ... Process-6: no In[2] ran before it in this program,
# and the Process that is never started still takes number 1.
from multiprocessing import Process, current_process


def doubler(number):
    result = number * 2
    proc_name = current_process().name
    print('{0} doubled to {1} by: {2}'.format(
        number, result, proc_name))


if __name__ == '__main__':
    numbers = [5, 10, 15, 20, 25]
    procs = []
    proc = Process(target=doubler, args=(5,))
    for index, number in enumerate(numbers):
        proc = Process(target=doubler, args=(number,))
        procs.append(proc)
        proc.start()
    proc = Process(target=doubler, name='Test', args=(2,))
    proc.start()
    procs.append(proc)
    for proc in procs:
        proc.join()
