package dev.weft.test.catalogue;

class TimeoutLeaksLockTest extends BugContract {
    @Override
    Bug bug() {
        return TimeoutLeaksLock.bug();
    }
}
