package dev.weft.test.catalogue;

class EarlyStopOnCloseTest extends BugContract {
    @Override
    Bug bug() {
        return EarlyStopOnClose.bug();
    }
}
