int doubler(int number) {
  time_sleep(3 - number);
  return number * 2;
}

void main_in15() {
  double start = time_now();
  Pool pool(3, timeline());
  for (int result : pool.imap_unordered(doubler, {1, 2, 3})) {
    print(result, " at ", fixed1(time_now() - start), " s");
  }
}
