package dev.weft.test.catalogue;

class CheckThenActTest extends BugContract {
    @Override
    Bug bug() {
        return CheckThenAct.bug();
    }
}
