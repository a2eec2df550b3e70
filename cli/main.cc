// Placeholder until cli/ lands.
#include <iostream>
int main() { std::cout << "sovaudit " SOVAUDIT_VERSION "\n"; }
