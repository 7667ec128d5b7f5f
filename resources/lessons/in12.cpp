int doubler(int number) {
  time_sleep(3);
  return number * 2;
}

void main_in12() {
  double start = time_now();
  Pool pool(3, timeline());
  for (int result : pool.map(doubler, {5, 10, 20})) {
    print(result, " at ", fixed1(time_now() - start), " s");
  }
}
