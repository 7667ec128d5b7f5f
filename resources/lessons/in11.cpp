int doubler(int number) {
  int result = number * 2;
  int proc = getpid();
  print(number, " doubled to ", result, " by process id: ", proc);
  return result;
}

void main_in11() {
  std::vector<int> numbers = {5, 10, 15, 20, 25};
  Pool pool(3, timeline());
  print(pool.map(doubler, numbers));
}
