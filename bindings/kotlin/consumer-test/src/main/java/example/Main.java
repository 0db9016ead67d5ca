package example;

import dev.anytype.sdk.AnytypeException;
import dev.anytype.sdk.BlockingAnytypeClient;
import dev.anytype.sdk.BlockingAuth;
import dev.anytype.sdk.BlockingSpaces;
import dev.anytype.sdk.ClientConfig;
import dev.anytype.sdk.CreateSpaceRequest;
import dev.anytype.sdk.Paging;
import dev.anytype.sdk.Space;
import dev.anytype.sdk.SpacePage;
import java.util.Iterator;

/** The README's Java example, as a program: `Main URL CODE`. An uncaught error exits non-zero. */
public class Main {
    public static void main(String[] args) {
        String url = args[0];
        String code = args[1];
        // README:java:begin
        ClientConfig config = new ClientConfig(url); // the other fields keep their defaults
        String apiKey;
        try (BlockingAuth auth = new BlockingAuth(config)) {
            String challengeId = auth.createChallenge("JavaExample");
            apiKey = auth.createApiKey(challengeId, code); // code: the 4 digits the app shows
        }

        try (BlockingAnytypeClient client = new BlockingAnytypeClient(apiKey, config);
                BlockingSpaces spaces = client.spaces()) {
            SpacePage page = spaces.list(0, 2, null);
            System.out.println(page.getData().size() + " of " + page.getPagination().getTotal() + " spaces");

            Iterator<Space> all = Paging.all(spaces, 100).iterator(); // a page is fetched when it is reached
            while (all.hasNext()) {
                System.out.println("space: " + all.next().getName());
            }

            Space created = spaces.create(new CreateSpaceRequest("Research"));
            System.out.println("created " + created); // Space(id=..., name=Research, ..., kind=Space)

            spaces.get("no-such-space");
        } catch (AnytypeException.NotFound e) {
            System.out.println("no such space: " + e.getMessage()); // not found (404): ...
        }
        // README:java:end
    }
}
