package dev.weft.test.catalogue;

class TwoStepTransferTest extends BugContract {
    @Override
    Bug bug() {
        return TwoStepTransfer.bug();
    }
}
