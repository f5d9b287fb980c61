// Adding the plugin must stay cheap for every build. A local check (an archive and a JSON task definition) passes
// having loaded from the plugin's jar only what that check needs, and without linking the parts of java.lang.invoke
// that cost a fresh JVM tens of milliseconds on first use.
def log = new File(basedir, 'build.log').text
assert log.contains('ecs-preflight PASSED: 0 errors, 0 warnings for container \'app\'')

def loaded = new File(basedir, 'class-load.log').readLines()
        .findAll { it.contains('/ecs-preflight-maven-plugin-') }
        .collect { (it =~ /\] (\S+) source:/)[0][1] }
assert loaded.contains('io.github.ecspreflight.maven.CheckMojo')
def notNeeded = [
    'software.amazon.awssdk.'                  : 'the AWS SDK: no live source',
    'com.google.cloud.tools.jib.registry.'     : "jib-core's registry client: the image is local",
    'com.google.cloud.tools.jib.http.'         : "jib-core's HTTP client: the image is local",
    'org.yaml.snakeyaml.'                      : 'SnakeYAML: the task definition is JSON',
    'com.fasterxml.jackson.dataformat.yaml.'   : "Jackson's YAML format: the task definition is JSON",
    'com.fasterxml.jackson.databind.ObjectMapper': "Jackson's ObjectMapper: trees are read and written by streaming",
    'org.apache.commons.io.build.'             : "commons-io's stream builders: layers are gunzipped by the JDK",
]
notNeeded.each { prefix, why ->
    def found = loaded.findAll { it.startsWith(prefix) }
    assert found.isEmpty() : "loaded ${found.size()} classes of ${why} (first: ${found[0]})"
}
// 326 when this story was written; the bound catches a new dependency or eager initialisation, not a new rule
assert loaded.size() <= 400 : "loaded ${loaded.size()} classes from the plugin's jar"

// Call sites the plugin's own classes link: string concatenation is compiled inline (pom.xml), and no record's
// generated equals, hashCode or toString runs on this path
def linked = log.readLines().findAll { it.startsWith('linkCallSite io.github.ecspreflight.') }
assert !linked.isEmpty() : 'the JVM traced no call site of the plugin (was the trace property passed?)'
['StringConcatFactory', 'ObjectMethods.bootstrap'].each { bootstrap ->
    def sites = linked.findAll { it.contains(bootstrap) }
    assert sites.isEmpty() : "${sites.size()} call sites link ${bootstrap}, first: ${sites[0]}"
}
return true
