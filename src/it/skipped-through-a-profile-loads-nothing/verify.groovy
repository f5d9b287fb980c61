// Skipped through the profile's activation, the plugin costs nothing: Maven never loads a class of it. Without the
// property the same pom runs the check, which fails on the arm64 image.
def fromPlugin = { String name ->
    new File(basedir, name).readLines().findAll { it.contains('/ecs-preflight-maven-plugin-') }
}
def skipped = fromPlugin('skipped-class-load.log')
assert skipped.isEmpty() : "the skipped build loaded ${skipped.size()} classes from the plugin's jar: ${skipped[0]}"
assert fromPlugin('checked-class-load.log').any { it.contains('io.github.ecspreflight.maven.CheckMojo ') }
assert new File(basedir, 'build.log').text.contains('EP001 ERROR')
return true
