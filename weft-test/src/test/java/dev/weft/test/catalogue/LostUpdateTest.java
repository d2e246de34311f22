package dev.weft.test.catalogue;

class LostUpdateTest extends BugContract {
    @Override
    Bug bug() {
        return LostUpdate.bug();
    }
}
