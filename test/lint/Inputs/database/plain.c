/* C is not linted. */
int main(void) { return 0; }
