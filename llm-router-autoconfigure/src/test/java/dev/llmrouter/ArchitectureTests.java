package dev.llmrouter;

import java.util.Set;
import java.util.TreeSet;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.Slice;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.library.dependencies.Slices;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package structure of the main classes, checked with ArchUnit: no package cycles
 * (the root package included), the API package {@code dev.llmrouter} naming no
 * implementation, the engine ({@code routing.internal}) used by nobody outside it, and
 * the public packages for providers, clients, Actuator and observation free of
 * {@code internal} packages (except the OpenAI adapter using the shared error
 * classifier).
 */
class ArchitectureTests {

	private static final String ROOT = "dev.llmrouter";

	private static final String OPENAI = ROOT + ".provider.openai";

	private static final String ANTHROPIC = ROOT + ".provider.anthropic";

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
		.withImportOption((location) -> !location.contains("/llm-router-test/"))
		.importPackages(ROOT);

	@Test
	void whenMainClassesImportedThenEveryPackageIsThere() {
		assertThat(CLASSES.stream().map(JavaClass::getPackageName)).contains(ROOT, ROOT + ".routing.internal", OPENAI,
				ROOT + ".error.internal", ROOT + ".autoconfigure");
		assertThat(CLASSES.stream().map(JavaClass::getSimpleName)).doesNotContain("ArchitectureTests", "MockLlmServer");
	}

	@Test
	void whenSlicedByPackagePatternThenNoSubpackagesFormACycle() {
		ArchRule rule = slices().matching(ROOT + ".(**)").should().beFreeOfCycles();
		rule.check(CLASSES);
	}

	@Test
	void whenSlicedByPackagePatternThenTheRootPackageIsLeftOut() {
		Set<String> sliced = new TreeSet<>();
		for (Slice slice : Slices.matching(ROOT + ".(**)").transform(CLASSES)) {
			slice.forEach((javaClass) -> sliced.add(javaClass.getPackageName()));
		}
		assertThat(sliced).contains(ROOT + ".routing", ROOT + ".routing.internal").doesNotContain(ROOT);
	}

	@Test
	void whenEveryPackageIsASliceThenNoPackagesIncludingTheRootFormACycle() {
		ArchRule rule = slices().assignedFrom(new PackageSlices()).should().beFreeOfCycles();
		rule.check(CLASSES);
	}

	@Test
	void whenTheRootPackageDependsOnNoPackageOfOursThenNoneCanFormACycleWithIt() {
		// the API package names no implementation (CONTRACT §2): not even a subpackage
		Set<String> dependedOn = new TreeSet<>();
		CLASSES.stream()
			.filter((javaClass) -> javaClass.getPackageName().equals(ROOT))
			.flatMap((javaClass) -> javaClass.getDirectDependenciesFromSelf().stream())
			.map((dependency) -> dependency.getTargetClass().getPackageName())
			.filter((name) -> name.startsWith(ROOT + "."))
			.forEach(dependedOn::add);
		assertThat(dependedOn).isEmpty();
	}

	@Test
	void whenRootPackageDependsOnSomethingThenItIsTheApiOrReactorOrTheJdk() {
		ArchRule rule = classes().that()
			.resideInAPackage(ROOT)
			.should()
			.onlyDependOnClassesThat()
			.resideInAnyPackage(ROOT, "java..", "reactor..", "org.reactivestreams..", "org.jspecify..");
		rule.check(CLASSES);
	}

	@Test
	void whenOutsideTheEngineThenNothingDependsOnIt() {
		ArchRule rule = noClasses().that()
			.resideOutsideOfPackage(ROOT + ".routing.internal")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("..routing.internal..");
		rule.check(CLASSES);
	}

	@Test
	void whenInPublicExtensionPackagesThenNoInternalPackageIsUsed() {
		ArchRule rule = noClasses().that()
			.resideInAnyPackage(ROOT + ".provider..", ROOT + ".client..", ROOT + ".actuate..", ROOT + ".observation..")
			.and()
			.resideOutsideOfPackages(OPENAI, ANTHROPIC, ROOT + ".provider.internal")
			.should()
			.dependOnClassesThat(
					resideInAPackage("..internal..").and(not(resideInAPackage(ROOT + ".provider.internal"))));
		rule.check(CLASSES);
	}

	@Test
	void whenInTheBuiltInAdaptersThenTheOnlyInternalPackagesUsedAreTheErrorClassifierAndTheTokens() {
		ArchRule rule = noClasses().that()
			.resideInAnyPackage(OPENAI, ANTHROPIC, ROOT + ".provider.internal")
			.should()
			.dependOnClassesThat(resideInAPackage("..internal..").and(not(resideInAPackage(ROOT + ".error.internal")))
				.and(not(resideInAPackage(ROOT + ".provider.internal"))));
		rule.check(CLASSES);
	}

	/** Every package under the root, the root included, is its own slice. */
	private static final class PackageSlices implements SliceAssignment {

		@Override
		public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
			String name = javaClass.getPackageName();
			return (name.equals(ROOT) || name.startsWith(ROOT + ".")) ? SliceIdentifier.of(name)
					: SliceIdentifier.ignore();
		}

		@Override
		public String getDescription() {
			return "every package of " + ROOT + ", the root included";
		}

	}

}
