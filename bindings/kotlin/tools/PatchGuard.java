// The guard of pom.xml's `patch-generated` step (maven-antrun-plugin), which rewrites parts of the
// generated anytype_ffi.kt by plain text replacement. Run by the pom (exec-maven-plugin, execution
// `patch-guard`) right after uniffi-bindgen and before the patch, as a single-file Java program:
//
//   java tools/PatchGuard.java GENERATED.kt COPY.orig "REGION" ... "token|TEXT" ...
//
//   REGION  "patch|name|first line|sha256": the template text a patch replaces or relies on, from
//           the line that starts with `first line` (it must occur exactly once) through the next
//           line that is just "}" (the end of a top-level function, class or object). Its SHA-256
//           (UTF-8, lines joined with "\n" whatever the file's line endings, no trailing newline)
//           must equal the pinned one.
//   token   "token|TEXT": a string the patch replaces; every occurrence must lie inside a pinned
//           region (a new helper using it would be rewritten unchecked), and there must be one.
//
// On any difference it fails the build (exit 1), naming the patch and the region, so a UniFFI
// upgrade that changes the replaced code is re-checked by a person instead of patched blindly.
// The unpatched file is first copied to COPY.orig, to diff against when updating the patch.
//
// To re-pin after checking a new template: the failure message prints the new hash.

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

public class PatchGuard {
    record Region(String patch, String name, int first, int last) {}

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: java PatchGuard.java GENERATED.kt COPY.orig REGION... token|TEXT...");
            System.exit(2);
        }
        Path generated = Path.of(args[0]);
        Path copy = Path.of(args[1]);
        String text = Files.readString(generated, StandardCharsets.UTF_8);
        if (text.contains("anytype-sdk (pom.xml, patch-generated)")) {
            fail("patch-generated (pom.xml antrun): " + generated + " is already patched; "
                + "the guard must run on uniffi-bindgen's fresh output (run the whole generate-sources phase)");
        }
        Files.createDirectories(copy.toAbsolutePath().getParent());
        Files.copy(generated, copy, StandardCopyOption.REPLACE_EXISTING);

        String[] lines = text.replace("\r\n", "\n").split("\n", -1); // the same hashes on Windows
        List<String> errors = new ArrayList<>();
        List<Region> regions = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (int a = 2; a < args.length; a++) {
            String[] parts = args[a].split("\\|", -1);
            if (parts.length == 2 && parts[0].equals("token")) {
                tokens.add(parts[1]);
                continue;
            }
            if (parts.length != 4) fail("PatchGuard: bad argument (want patch|name|first line|sha256): " + args[a]);
            String patch = parts[0], name = parts[1], firstLine = parts[2], pinned = parts[3].trim();
            String where = "patch-generated (pom.xml antrun, " + patch + "): ";
            List<Integer> starts = new ArrayList<>();
            for (int i = 0; i < lines.length; i++) if (lines[i].startsWith(firstLine)) starts.add(i);
            if (starts.size() != 1) {
                errors.add(where + "UniFFI's template for " + name + " changed: the line starting with `"
                    + firstLine + "` occurs " + starts.size() + " times (expected once); re-check the patch");
                continue;
            }
            int first = starts.get(0), last = first;
            while (last < lines.length && !lines[last].equals("}")) last++;
            if (last == lines.length) {
                errors.add(where + "UniFFI's template for " + name + " changed: no closing `}` line after `"
                    + firstLine + "`; re-check the patch");
                continue;
            }
            regions.add(new Region(patch, name, first, last));
            String body = String.join("\n", java.util.Arrays.copyOfRange(lines, first, last + 1));
            String actual = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
            if (!actual.equals(pinned)) {
                errors.add(where + "UniFFI's template for " + name + " changed (sha256 " + actual
                    + ", expected " + pinned + "); re-check the patch and update the pinned hash");
            }
        }
        for (String token : tokens) {
            int found = 0;
            for (int i = 0; i < lines.length; i++) {
                if (!lines[i].contains(token)) continue;
                found++;
                final int line = i;
                if (regions.stream().noneMatch(r -> r.first() <= line && line <= r.last())) {
                    errors.add("patch-generated (pom.xml antrun): the replaced text `" + token + "` also occurs at "
                        + generated.getFileName() + ":" + (i + 1) + ", outside every pinned region: "
                        + "UniFFI's template changed; re-check the patch (the replace would rewrite it unchecked)");
                }
            }
            if (found == 0) {
                errors.add("patch-generated (pom.xml antrun): the replaced text `" + token
                    + "` is gone: UniFFI's template changed; re-check the patch");
            }
        }
        if (!errors.isEmpty()) fail(String.join("\n", errors));
        System.out.println("[patch-guard] " + regions.size() + " pinned regions and " + tokens.size()
            + " replaced texts of " + generated.getFileName() + " are as the patch expects");
    }

    static void fail(String message) {
        System.err.println(message);
        System.exit(1);
    }
}
