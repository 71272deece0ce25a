package dev.lakeetl.jobs.curate;

import static java.util.Objects.requireNonNull;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Loads {@link DatasetTransform} implementations by class name and runs them. */
final class JavaTransforms {
  private JavaTransforms() {}

  /**
   * Loads the class and checks it can be instantiated, without creating an instance.
   *
   * @param key the configuration key naming the class, for messages
   * @throws IllegalArgumentException when the class is missing, is not a {@link DatasetTransform},
   *     or has no public no-argument constructor
   */
  static Constructor<? extends DatasetTransform> load(String className, String key) {
    requireNonNull(className, "className is null");
    requireNonNull(key, "key is null");
    Class<?> loaded;
    try {
      loaded = Class.forName(className, false, classLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalArgumentException(
          key
              + ": cannot load transform class '"
              + className
              + "': "
              + (e instanceof ClassNotFoundException
                  ? "not found on the class path (is its jar added to the job?)"
                  : e.toString()));
    }
    if (!DatasetTransform.class.isAssignableFrom(loaded)) {
      throw new IllegalArgumentException(
          key
              + ": class '"
              + className
              + "' does not implement "
              + DatasetTransform.class.getName());
    }
    if (Modifier.isAbstract(loaded.getModifiers())) {
      throw new IllegalArgumentException(
          key + ": class '" + className + "' is abstract or an interface; name a concrete class");
    }
    Constructor<? extends DatasetTransform> constructor;
    try {
      constructor = loaded.asSubclass(DatasetTransform.class).getConstructor();
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(
          key + ": class '" + className + "' has no public no-argument constructor");
    }
    if (!Modifier.isPublic(loaded.getModifiers())) {
      throw new IllegalArgumentException(
          key + ": class '" + className + "' is not public; make the class public");
    }
    return constructor;
  }

  /** Creates the step's transform and applies it to its input. */
  static Dataset<Row> apply(TransformStep.Java step, Dataset<Row> input, TransformContext context) {
    requireNonNull(step, "step is null");
    String key = "transform." + step.name() + ".class";
    DatasetTransform transform;
    try {
      transform = load(step.className(), key).newInstance();
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException(
          key + ": constructor of '" + step.className() + "' failed: " + e.getCause(), e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(
          key + ": cannot create '" + step.className() + "': " + e, e);
    }
    Dataset<Row> result = transform.apply(input, context);
    if (result == null) {
      throw new IllegalStateException(
          "Cannot run transform " + step.name() + ": " + step.className() + " returned null");
    }
    return result;
  }

  /** The context loader first: Spark adds the job jar (and --jars) to it. */
  private static ClassLoader classLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : JavaTransforms.class.getClassLoader();
  }
}
