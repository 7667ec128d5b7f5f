int doubler(int number) {
  time_sleep(number);
  return number * 2;
}

void main_in14() {
  double start = time_now();
  Pool pool(3, timeline());
  for (int result : pool.imap(doubler, {1, 2, 3})) {
    print(result, " at ", fixed1(time_now() - start), " s");
  }
}
