package dev.anytype.sdk

import org.junit.jupiter.api.Test
import java.io.File
import java.net.URI
import java.time.Duration
import java.util.jar.JarFile
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertNotEquals
import kotlin.test.assertTrue

/**
 * Every generated record and enum prints readably, and every error's `message` is the core's
 * sentence: checked over every class of the package, so a new model or variant is covered too.
 */
class RenderingTest {
    /** Every class of package dev.anytype.sdk, nested ones included, from where SpacePager was loaded. */
    private fun packageClasses(): List<Class<*>> {
        val location = URI(SpacePager::class.java.protectionDomain.codeSource.location.toString())
        val prefix = "dev/anytype/sdk/"
        val names = File(location).let { root ->
            if (root.isDirectory) {
                File(root, prefix).listFiles().orEmpty().map { prefix + it.name }
            } else {
                JarFile(root).use { jar -> jar.entries().asSequence().map { it.name }.toList() }
            }
        }
        return names
            .filter { it.startsWith(prefix) && it.endsWith(".class") && '/' !in it.removePrefix(prefix) }
            .map { Class.forName(it.removeSuffix(".class").replace('/', '.'), false, SpacePager::class.java.classLoader) }
    }

    /** The variants of the generated enums and errors (sealed classes): nested subclasses of a sealed class. */
    private fun variants(): List<Class<*>> = packageClasses().filter { cls ->
        val parent = cls.superclass
        parent != null && parent.isSealed && cls.enclosingClass == parent && !cls.isInterface
    }

    private fun declaresToString(cls: Class<*>) = cls.getMethod("toString").declaringClass != Any::class.java

    @Test
    fun `every enum variant without fields prints its name`() {
        val objects = variants().mapNotNull { cls -> runCatching { cls.getField("INSTANCE").get(null) }.getOrNull() }
        assertTrue(objects.size > 40, "found only ${objects.size} variants without fields")
        for (variant in objects) {
            assertEquals(variant.javaClass.simpleName, variant.toString(), "${variant.javaClass.name} prints unreadably")
        }
        assertEquals("Space", SpaceKind.Space.toString())
        assertEquals("Red", Color.Red.toString())
    }

    @Test
    fun `every record and enum variant has its own toString`() {
        val classes = packageClasses()
        // Records are data classes (component1) that aren't nested in an object; enum variants are the
        // subclasses of the sealed classes.
        val records = classes.filter { cls -> cls.enclosingClass == null && cls.methods.any { it.name == "component1" } }
        assertTrue(records.any { it == Space::class.java } && records.any { it == ClientConfig::class.java }, records.toString())
        for (cls in records + variants()) {
            assertTrue(declaresToString(cls), "${cls.name} prints as ClassName@hash")
        }
    }

    @Test
    fun `a record holding an enum variant prints it by name`() {
        val space = Space(
            id = "s1", name = "Research", kind = SpaceKind.Space, icon = null, description = "", gatewayUrl = "",
            networkId = "",
        )
        assertFalse('@' in space.toString(), space.toString())
        assertTrue("kind=Space" in space.toString(), space.toString())
    }

    /** A value for each constructor parameter of an error variant. */
    private fun sample(type: Class<*>): Any? = when (type) {
        String::class.java -> "the detail"
        Int::class.javaPrimitiveType, Int::class.javaObjectType -> 404
        Long::class.javaPrimitiveType, Long::class.javaObjectType -> 7L
        Duration::class.java -> Duration.ofMillis(1500)
        else -> null
    }

    @Test
    fun `every error's message is the core's sentence`() {
        val errors = variants().filter { AnytypeException::class.java.isAssignableFrom(it) }
        assertTrue(errors.size >= 15, errors.toString())
        for (cls in errors) {
            val constructor = cls.constructors.maxBy { it.parameterCount }
            val error = constructor.newInstance(*constructor.parameterTypes.map(::sample).toTypedArray()) as AnytypeException
            assertEquals(error.toString(), error.message, cls.name)
            assertFalse("detail=" in error.message.orEmpty(), "${cls.name}: ${error.message}")
            assertNotEquals(cls.simpleName, error.message)
        }
        assertEquals("not found (404): the detail", AnytypeException.NotFound(404, "the detail").message)
    }

    @Test
    fun `errors are unchecked, so Java can catch them anywhere`() {
        assertTrue(RuntimeException::class.java.isAssignableFrom(AnytypeException::class.java))
        assertTrue(RuntimeException::class.java.isAssignableFrom(InternalException::class.java))
    }
}
