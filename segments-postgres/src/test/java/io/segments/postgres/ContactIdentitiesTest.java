package io.segments.postgres;

import io.segments.postgres.store.ContactStore;
import io.segments.postgres.store.WorkspaceStore;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** findIdentities answers in one round trip what findByExternalId, findByEmail and liveOwnerOfEmail answer. */
class ContactIdentitiesTest {
    private final DSLContext dsl = TestDatabase.dsl();
    private final long workspace = new WorkspaceStore(dsl).create("identities", ZoneId.of("UTC"));
    private final ContactStore contacts = new ContactStore(dsl);

    private long contact(String email, String user) {
        return contacts.create(workspace, new ContactStore.ContactChange(email, user, Instant.parse("2026-01-01T00:00:00Z"), Map.of()));
    }

    private void assertSameAsSeparateLookups(String user, String email) {
        ContactStore.Identities found = contacts.findIdentities(workspace, user, email);
        assertThat(found.byExternalId()).isEqualTo(user == null ? Optional.empty() : contacts.findByExternalId(workspace, user));
        assertThat(found.byEmail()).isEqualTo(email == null ? Optional.empty() : contacts.findByEmail(workspace, email));
        assertThat(found.liveOwnerOfEmail()).isEqualTo(email == null ? Optional.empty() : contacts.liveOwnerOfEmail(workspace, email));
    }

    @Test
    void followsMergesAndTellsTheLiveOwnerApart() {
        long ada = contact("ada@identities.test", "u-ada");
        long bob = contact("bob@identities.test", "u-bob");
        long cy = contact("cy@identities.test", "u-cy");
        contacts.merge(workspace, bob, ada);
        contacts.merge(workspace, ada, cy); // bob -> ada -> cy
        assertThat(contacts.findIdentities(workspace, "u-bob", "BOB@identities.test"))
                .isEqualTo(new ContactStore.Identities(Optional.of(cy), Optional.of(cy), Optional.empty()));
        assertSameAsSeparateLookups("u-bob", "bob@identities.test");
        assertSameAsSeparateLookups("u-cy", "Cy@Identities.test");
        assertSameAsSeparateLookups("u-ada", "nobody@identities.test");
        assertSameAsSeparateLookups("u-nobody", "cy@identities.test");
        assertSameAsSeparateLookups(null, "ada@identities.test");
        assertSameAsSeparateLookups("u-cy", null);
        assertThat(contacts.findIdentities(workspace, null, null))
                .isEqualTo(new ContactStore.Identities(Optional.empty(), Optional.empty(), Optional.empty()));
    }
}
