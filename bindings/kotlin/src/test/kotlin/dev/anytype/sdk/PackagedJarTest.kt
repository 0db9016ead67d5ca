package dev.anytype.sdk

import com.sun.jna.Library
import com.sun.jna.NativeLibrary
import com.sun.jna.Platform
import org.junit.jupiter.api.Assumptions.assumeTrue
import org.junit.jupiter.api.Test
import java.io.File
import java.util.jar.JarFile
import kotlin.test.assertEquals
import kotlin.test.assertNotNull
import kotlin.test.assertTrue

/**
 * The suite tests the packaged jar, not the build's classes folder (pom.xml runs it after `package`):
 * the SDK's classes are loaded from the jar, and the native library is the jar's own, which JNA
 * extracted from it (a library found in a folder, or one on the system's library path, would fail
 * here). The jar is the `anytype.packaged.jar` system property the pom sets.
 */
class PackagedJarTest {
    private val jar = File(
        assertNotNull(System.getProperty("anytype.packaged.jar"), "the pom sets anytype.packaged.jar"),
    ).canonicalFile
    private val libraryFile = System.mapLibraryName("anytype_ffi")
    private val resource = "${Platform.RESOURCE_PREFIX}/$libraryFile"

    @Test
    fun `the classes are loaded from the packaged jar`() {
        assertTrue(jar.isFile, "no packaged jar at $jar")
        // A generated class, a hand-written one, and the generated bindings' JNA interface.
        val classes = listOf(
            AnytypeClient::class.java,
            Class.forName("dev.anytype.sdk.Paging"),
            Class.forName("dev.anytype.sdk.UniffiLib"),
        )
        for (cls in classes) {
            val location = File(cls.protectionDomain.codeSource.location.toURI()).canonicalFile
            assertEquals(jar, location, "${cls.name} was loaded from $location")
        }
    }

    @Test
    fun `the native library is the one JNA extracted from the jar`() {
        // The library is on the classpath only inside the jar, under JNA's folder for this platform.
        val url = assertNotNull(AnytypeClient::class.java.classLoader.getResource(resource), "no $resource on the classpath")
        assertEquals("jar:${jar.toURI()}!/$resource", url.toString())
        JarFile(jar).use { assertNotNull(it.getJarEntry(resource), "$jar has no $resource") }

        // Any call loads it (a constructor that calls into Rust and sends nothing).
        BlockingAuth(ClientConfig("http://127.0.0.1:9")).close()
        val maps = File("/proc/self/maps")
        assumeTrue(maps.exists(), "no /proc/self/maps on this OS")
        val before = mappedFiles(maps)
        // JNA copies a library found inside a jar into its temp folder, jna.tmpdir (the pom sets it; a
        // resource in a folder is used in place, a system library is found by name).
        val tmp = File(assertNotNull(System.getProperty("jna.tmpdir"), "the pom sets jna.tmpdir")).canonicalFile
        fun extracted(files: Set<String>) = files.filter { File(it).parentFile?.canonicalFile == tmp }.toSet()

        // The instance the generated bindings registered: Native.register caches it under the library's
        // name and the bindings' class loader, so this finds it instead of loading the library again.
        val library = NativeLibrary.getInstance(
            "anytype_ffi",
            mapOf(Library.OPTION_CLASSLOADER to Class.forName("dev.anytype.sdk.UniffiLib").classLoader),
        )
        val loaded = File(library.file.path)
        assertEquals(extracted(before), extracted(mappedFiles(maps)), "getInstance loaded the library a second time")
        assertEquals(tmp, loaded.parentFile.canonicalFile, "loaded from $loaded")

        // And the process has mapped exactly that file, and no libanytype_ffi from anywhere else.
        assertTrue(loaded.path in before, "$loaded is not mapped: ${before.filter { "jna" in it }}")
        assertEquals(emptyList(), before.filter { it.endsWith(libraryFile) }, "a library outside the jar is loaded")
    }

    /** The files the process has mapped (a file JNA deleted after loading it still counts). */
    private fun mappedFiles(maps: File): Set<String> = maps.readLines()
        .mapNotNull { line -> line.indexOf('/').takeIf { it >= 0 }?.let { line.substring(it).removeSuffix(" (deleted)") } }
        .toSet()
}
