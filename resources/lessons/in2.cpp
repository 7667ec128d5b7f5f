void doubler(int number) {
  // A function that runs in a separate process
  int result = number * 2;
  int proc = getpid();
  print(number, " doubled to ", result, " by process id: ", proc);
}

void main_in2() {
  std::vector<int> numbers = {5, 10, 15, 20, 25};
  std::vector<Process> procs;

  for (int number : numbers) {
    Process proc(doubler, number);
    procs.push_back(std::move(proc));
    procs.back().start();
  }

  for (Process& proc : procs) {
    proc.join();
  }
}
