package dev.anytype.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SDK as plain Java sees it (the README's Java section): the blocking twins, no coroutines,
 * {@code ClientConfig} with defaults, the paging helpers of {@code Paging}, and errors caught by
 * their type. It compiles only while the exceptions are unchecked (a {@code catch} around the
 * paging helpers, which declare nothing) and the records have Java overloads.
 */
class JavaApiTest {
    private static Sandbox sandbox;
    private static String apiKey;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.Companion.start();
        sandbox.addSpaces(7); // 10 spaces in all
        try (BlockingAuth auth = new BlockingAuth(new ClientConfig(sandbox.getUrl()))) {
            apiKey = auth.createApiKey(auth.createChallenge("JavaTest"), Sandbox.CODE);
        }
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void clientConfigHasJavaDefaults() {
        ClientConfig config = new ClientConfig(sandbox.getUrl());
        assertEquals(sandbox.getUrl(), config.getBaseUrl());
        assertEquals(3, config.getMaxRetries());
        assertNull(config.getRequestTimeout());
        ClientConfig faster = new ClientConfig(sandbox.getUrl(), Duration.ofSeconds(2));
        assertEquals(Duration.ofSeconds(2), faster.getConnectTimeout());
        assertEquals("http://127.0.0.1:31009", new ClientConfig().getBaseUrl());
        assertEquals(new ClientConfig(), new ClientConfig("http://127.0.0.1:31009"));
        // The handles' constructors have overloads too: the default config is the desktop app's.
        try (BlockingAuth auth = new BlockingAuth(); BlockingAnytypeClient client = new BlockingAnytypeClient(apiKey)) {
            assertFalse(client.toString().contains(apiKey), client.toString());
        }
    }

    @Test
    void aCallAndAPagedListing() {
        try (BlockingAnytypeClient client = new BlockingAnytypeClient(apiKey, new ClientConfig(sandbox.getUrl()));
                BlockingSpaces spaces = client.spaces()) {
            SpacePage page = spaces.list(0, 3, null);
            assertEquals(3, page.getData().size());
            assertEquals(10, page.getPagination().getTotal());
            assertTrue(page.getPagination().getHasMore());

            Space first = spaces.get(page.getData().get(0).getId());
            assertEquals(page.getData().get(0).getName(), first.getName());

            List<String> ids = new ArrayList<>();
            Iterator<Space> all = Paging.all(spaces, 4).iterator(); // 3 pages of at most 4
            while (all.hasNext()) {
                ids.add(all.next().getId());
            }
            assertEquals(10, ids.size());
            assertEquals(10, ids.stream().distinct().count());

            int pages = 0;
            for (Iterator<SpacePage> it = Paging.pages(spaces, 4).iterator(); it.hasNext(); it.next()) {
                pages++;
            }
            assertEquals(3, pages);
        }
    }

    @Test
    void errorsAreCaughtByTheirType() {
        try (BlockingAnytypeClient client = new BlockingAnytypeClient(apiKey, new ClientConfig(sandbox.getUrl()));
                BlockingSpaces spaces = client.spaces()) {
            try {
                spaces.get("no-such-space");
                fail("no error for a missing space");
            } catch (AnytypeException.NotFound e) {
                assertEquals(404, e.getStatus());
                assertTrue(e.getMessage().startsWith("not found (404): "), e.getMessage());
                assertEquals(e.toString(), e.getMessage());
                assertFalse(e.getMessage().contains("detail="), e.getMessage());
            }

            // The paging helpers declare no exception: this catch compiles because it is unchecked.
            try {
                Paging.all(spaces, 0).iterator().hasNext();
                fail("no error for page size 0");
            } catch (AnytypeException.InvalidInput e) {
                assertEquals("page_size", e.getField());
            }

            try {
                spaces.list(0, 0, null);
                fail("no error for limit 0");
            } catch (RuntimeException e) {
                AnytypeException.InvalidInput invalid = assertInstanceOf(AnytypeException.InvalidInput.class, e);
                assertEquals("limit", invalid.getField());
                assertEquals("invalid input: limit: must be between 1 and 1000, got 0", invalid.getMessage());
            }
        }

        // A server nobody listens on: the network error, caught as the base class.
        ClientConfig dead = new ClientConfig(Sandbox.Companion.deadUrl(), Duration.ofSeconds(1), Duration.ofSeconds(2), 0);
        try (BlockingAnytypeClient client = new BlockingAnytypeClient(apiKey, dead)) {
            client.spaces().list(0, 1, null);
            fail("no error for a dead server");
        } catch (AnytypeException e) {
            assertInstanceOf(AnytypeException.Network.class, e);
        }
    }
}
