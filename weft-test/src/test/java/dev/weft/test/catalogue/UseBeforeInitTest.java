package dev.weft.test.catalogue;

class UseBeforeInitTest extends BugContract {
    @Override
    Bug bug() {
        return UseBeforeInit.bug();
    }
}
