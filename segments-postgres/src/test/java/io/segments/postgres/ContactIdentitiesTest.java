package io.segments.postgres;

import io.segments.postgres.store.ContactStore;
import io.segments.postgres.store.WorkspaceStore;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** findAllIdentities answers in one round trip, for each user id and email in order, what findByExternalId, findByEmail and liveOwnerOfEmail answer. */
class ContactIdentitiesTest {
    private final DSLContext dsl = TestDatabase.dsl();
    private final long workspace = new WorkspaceStore(dsl).create("identities", ZoneId.of("UTC"));
    private final ContactStore contacts = new ContactStore(dsl);

    private long contact(String email, String user) {
        return contacts.create(workspace, new ContactStore.ContactChange(email, user, Instant.parse("2026-01-01T00:00:00Z"), Map.of()));
    }

    private ContactStore.Identities separateLookups(String user, String email) {
        return new ContactStore.Identities(user == null ? Optional.empty() : contacts.findByExternalId(workspace, user),
                email == null ? Optional.empty() : contacts.findByEmail(workspace, email),
                email == null ? Optional.empty() : contacts.liveOwnerOfEmail(workspace, email));
    }

    @Test
    void followsMergesAndTellsTheLiveOwnerApart() {
        long ada = contact("ada@identities.test", "u-ada");
        long bob = contact("bob@identities.test", "u-bob");
        long cy = contact("cy@identities.test", "u-cy");
        contacts.merge(workspace, bob, ada);
        contacts.merge(workspace, ada, cy); // bob -> ada -> cy
        List<String> users = Arrays.asList("u-bob", "u-bob", "u-cy", "u-ada", "u-nobody", null, "u-cy", null);
        List<String> emails = Arrays.asList("BOB@identities.test", "bob@identities.test", "Cy@Identities.test", "nobody@identities.test",
                "cy@identities.test", "ada@identities.test", null, null);
        List<ContactStore.Identities> found = contacts.findAllIdentities(workspace, users, emails);
        assertThat(found.get(0)).isEqualTo(new ContactStore.Identities(Optional.of(cy), Optional.of(cy), Optional.empty()));
        assertThat(found.get(2)).isEqualTo(new ContactStore.Identities(Optional.of(cy), Optional.of(cy), Optional.of(cy)));
        assertThat(found.get(7)).isEqualTo(new ContactStore.Identities(Optional.empty(), Optional.empty(), Optional.empty()));
        for (int index = 0; index < users.size(); index++) {
            assertThat(found.get(index)).as(users.get(index) + " / " + emails.get(index)).isEqualTo(separateLookups(users.get(index), emails.get(index)));
        }
        assertThat(contacts.findAllIdentities(workspace, List.of(), List.of())).isEmpty();
    }
}
