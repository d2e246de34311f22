package dev.weft.test.catalogue;

class MissedSignalTest extends BugContract {
    @Override
    Bug bug() {
        return MissedSignal.bug();
    }
}
