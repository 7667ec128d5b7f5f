void doubler(int number, SharedDict<int, int> results) {
  int proc = getpid();
  results[proc] = number * 2;
}

void main_in7() {
  std::vector<int> numbers = {5, 10, 15, 20, 25};
  SharedDict<int, int> results;  // manager.dict()
  std::vector<Process> procs;

  for (int number : numbers) {
    procs.emplace_back(doubler, number, results);
    procs.back().start();
  }
  for (Process& proc : procs) {
    proc.join();
  }

  print(results);  // five pid: result pairs
}
