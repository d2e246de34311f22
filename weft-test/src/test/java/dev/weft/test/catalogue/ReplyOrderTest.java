package dev.weft.test.catalogue;

class ReplyOrderTest extends BugContract {
    @Override
    Bug bug() {
        return ReplyOrder.bug();
    }
}
