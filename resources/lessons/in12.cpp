int doubler(int number) {
  time_sleep(3);
  return number * 2;
}

void main_in12() {
  Pool pool(3, timeline());
  double start = time_now();  // once the workers are up
  for (int result : pool.map(doubler, {5, 10, 20})) {
    print(result, " at ", fixed1(time_now() - start), " s");
  }
}
