package dev.weft.test.catalogue;

class LockOrderDeadlockTest extends BugContract {
    @Override
    Bug bug() {
        return LockOrderDeadlock.bug();
    }
}
