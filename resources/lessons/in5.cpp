std::map<int, int> results;  // a global dict

void doubler(int number) {
  results[number] = number * 2;
  print(current_process().name, " sees results = ", results);
}

void main_in5() {
  std::vector<int> numbers = {5, 10, 15, 20, 25};
  std::vector<Process> procs;

  for (int number : numbers) {
    procs.emplace_back(doubler, number);
    procs.back().start();
  }
  for (Process& proc : procs) {
    proc.join();
  }

  print(results);  // {}: every child wrote into its own copy of the dict
}
