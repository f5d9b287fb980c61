// Runs where a test registry is up (.ci/run starts one and exports ECS_PREFLIGHT_REGISTRY); where CI demands the
// tools and none is up, that is a failure, not a skip.
if (System.getenv('ECS_PREFLIGHT_REGISTRY')) {
    return true
}
if (System.getenv('ECS_PREFLIGHT_REQUIRE_TOOLS') == 'true') {
    throw new IllegalStateException('ECS_PREFLIGHT_REQUIRE_TOOLS=true but ECS_PREFLIGHT_REGISTRY is not set: '
            + '.ci/run starts the test registries')
}
return false
