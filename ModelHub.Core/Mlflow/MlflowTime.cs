namespace ModelHub.Core.Mlflow;

/// <summary>MLflow counts time in milliseconds since the Unix epoch.</summary>
public static class MlflowTime
{
    public static long Millis(DateTimeOffset at) => at.ToUnixTimeMilliseconds();
}
