int doubler(int number) {
  time_sleep(number);
  return number * 2;
}

void main_in14() {
  Pool pool(3, timeline());
  double start = time_now();  // once the workers are up
  for (int result : pool.imap(doubler, {1, 2, 3})) {
    print(result, " at ", fixed1(time_now() - start), " s");
  }
}
