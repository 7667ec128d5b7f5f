int doubler(int number) {
  time_sleep(3 - number);
  return number * 2;
}

void main_in15() {
  Pool pool(3, timeline());
  double start = time_now();  // once the workers are up
  for (int result : pool.imap_unordered(doubler, {1, 2, 3})) {
    print(result, " at ", fixed1(time_now() - start), " s");
  }
}
